#!/bin/sh
# tests/fuzz/build.sh — builds the libFuzzer targets with clang, outside the
# normal build (they need -fsanitize=fuzzer).  Output: $OUT (default
# tests/fuzz/out): fuzz_lexer, fuzz_translate, and seeds/ made from the
# public corpus when ../shared/corpus exists.
#
#   tests/fuzz/build.sh
#   tests/fuzz/out/fuzz_translate -max_total_time=300 -max_len=65536 tests/fuzz/out/work tests/fuzz/out/seeds
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$top/tests/fuzz/out}
mkdir -p "$out/gen" "$out/seeds" "$out/work" "$out/work_lexer"
lemon -q -T/usr/share/lemon/lempar.c -d"$out/gen" "$top/grammar/mysql_ddl.y"
ragel -C -G2 -L -o "$out/gen/mysql_lexer.c" -I "$top/grammar" "$top/grammar/mysql_lexer.rl"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I$top/src -I$out/gen -I$top/grammar -D_GNU_SOURCE -Wno-unused-parameter"
lib="$(ls "$top"/src/ddl/*.c)
     $top/src/common/strbuf.c $top/src/common/arena.c $top/src/common/error.c $top/src/common/log.c
     $out/gen/mysql_ddl.c $out/gen/mysql_lexer.c"
# shellcheck disable=SC2086
clang $flags $lib "$top/tests/fuzz/fuzz_lexer.c" -o "$out/fuzz_lexer" -lpthread -ljson-c
# shellcheck disable=SC2086
clang $flags $lib "$top/tests/fuzz/fuzz_translate.c" -o "$out/fuzz_translate" -lpthread -ljson-c
corpus=$top/../shared/corpus
if [ -d "$corpus" ]; then
	# one seed per file, prefixed with the mode byte 0 (and 4: a default schema)
	find "$corpus" -type f \( -name '*.sql' -o -name '*.ddl' \) | while read -r f; do
		n=$(basename "$f")
		{ printf '\000'; cat "$f"; } > "$out/seeds/$n.0"
		{ printf '\004'; cat "$f"; } > "$out/seeds/$n.4"
	done
fi
echo "built $out/fuzz_lexer $out/fuzz_translate; seeds in $out/seeds"
