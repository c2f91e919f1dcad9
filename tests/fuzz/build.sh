#!/bin/sh
# tests/fuzz/build.sh — builds the libFuzzer targets with clang, outside the
# normal build (they need -fsanitize=fuzzer).  Output: $OUT (default
# tests/fuzz/out): fuzz_lexer, fuzz_translate, fuzz_binlog, fuzz_values;
# seeds/ made from the public corpus when ../shared/corpus exists;
# seeds_binlog/ (events cut from tests/unit/binlog and, when present,
# ../shared/fixtures/mysql8-binlog) and seeds_values/ (values built by
# hand), written by the targets themselves (tests/fuzz/replay.c).
#
#   tests/fuzz/build.sh
#   tests/fuzz/out/fuzz_translate -max_total_time=300 -max_len=65536 tests/fuzz/out/work tests/fuzz/out/seeds
#   tests/fuzz/out/fuzz_binlog -max_total_time=600 -max_len=16384 -timeout=10 tests/fuzz/out/work_binlog tests/fuzz/out/seeds_binlog
#   tests/fuzz/out/fuzz_values -max_total_time=600 -timeout=10 tests/fuzz/out/work_values tests/fuzz/out/seeds_values
#
# A crash file replays without libFuzzer: tests/fuzz/out/replay_binlog FILE
# (likewise replay_values), or build-test/tests/unit/test_fuzz_binlog FILE.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$top/tests/fuzz/out}
mkdir -p "$out/gen" "$out/seeds" "$out/work" "$out/work_lexer" "$out/work_binlog" "$out/work_values"
lemon -q -T/usr/share/lemon/lempar.c -d"$out/gen" "$top/grammar/mysql_ddl.y"
ragel -C -G2 -L -o "$out/gen/mysql_lexer.c" -I "$top/grammar" "$top/grammar/mysql_lexer.rl"
# the hardening of every build (configure.ac); -O1 optimises, as _FORTIFY_SOURCE needs
hard="-fstack-protector-strong -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2 -Wl,-z,relro,-z,now"
san="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all $hard"
flags="$san -fsanitize=fuzzer -I$top/src -I$out/gen -I$top/grammar -D_GNU_SOURCE -Wno-unused-parameter"
# every file of the areas the targets use, so that a new file needs no edit here
common="$(ls "$top"/src/common/*.c)"
lib="$(ls "$top"/src/ddl/*.c) $common $out/gen/mysql_ddl.c $out/gen/mysql_lexer.c"
# shellcheck disable=SC2086
clang $flags $lib "$top/tests/fuzz/fuzz_lexer.c" -o "$out/fuzz_lexer" -lpthread -ljson-c -lyaml
# shellcheck disable=SC2086
clang $flags $lib "$top/tests/fuzz/fuzz_translate.c" -o "$out/fuzz_translate" -lpthread -ljson-c -lyaml

# the binlog targets: built twice, for libFuzzer and with replay.c's main
m=$top/src/mysql
binlog="$(ls "$m"/binlog*.c "$m"/rowdecode*.c | grep -v binlog_stream) $common"
paths="-DCAPTURED=\"$top/tests/unit/binlog\" -DFIXTURES=\"$top/../shared/fixtures/mysql8-binlog\""
for t in binlog values; do
	# shellcheck disable=SC2086
	clang $flags $paths $binlog "$top/tests/fuzz/fuzz_$t.c" -o "$out/fuzz_$t" -lpthread -ljson-c -lyaml -lzstd -lz
	# shellcheck disable=SC2086
	clang $san -I"$top/src" -D_GNU_SOURCE $paths $binlog "$top/tests/fuzz/fuzz_$t.c" \
		"$top/tests/fuzz/replay.c" -o "$out/replay_$t" -lpthread -ljson-c -lyaml -lzstd -lz
	"$out/replay_$t" -o "$out/seeds_$t"
done

corpus=$top/../shared/corpus
if [ -d "$corpus" ]; then
	# one seed per file, prefixed with the mode byte 0 (and 4: a default schema)
	find "$corpus" -type f \( -name '*.sql' -o -name '*.ddl' \) | while read -r f; do
		n=$(basename "$f")
		{ printf '\000'; cat "$f"; } > "$out/seeds/$n.0"
		{ printf '\004'; cat "$f"; } > "$out/seeds/$n.4"
	done
else
	echo "$corpus is absent: no seeds for fuzz_lexer and fuzz_translate"
fi
echo "built $out/fuzz_lexer $out/fuzz_translate $out/fuzz_binlog $out/fuzz_values; seeds in $out/seeds*"
