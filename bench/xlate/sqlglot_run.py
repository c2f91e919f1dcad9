#!/usr/bin/python3
# bench/xlate/sqlglot_run.py — the sqlglot side of bench/translate, and the
# join of both tools' per-statement outcomes.
#
#   sqlglot_run.py DUMP CHM_STDERR OUTDIR [-e EVERY]
#
# Splits DUMP into statements (each ends with ";\n", see gen.py), keeps the
# table DDL ones (CREATE/ALTER/RENAME TABLE, CREATE/DROP INDEX), takes every
# EVERY-th of them (1 = all; the sample is deterministic), and runs
#   sqlglot.transpile(stmt, read="mysql", write="postgres")
# on each, one at a time, timing only that call.  A statement counts as handled
# by sqlglot when the call returns a non-empty result without raising and
# without falling back to an unparsed "Command" (sqlglot's passthrough of SQL
# it cannot parse: its output is then the MySQL input, untranslated).
#
# CHM_STDERR is chameleon translate-ddl's standard error for the same DUMP:
# its "LINE:COLUMN: CODE: message" lines say which statements chameleon failed.
#
# Writes OUTDIR/both.sql (the sampled statements both tools handle, in order),
# OUTDIR/summary (shell assignments read by bench/translate) and prints the
# failure causes of both tools.
import bisect
import collections
import logging
import re
import resource
import sys
import time

import sqlglot

DDL = re.compile(r"\s*(create\s+(table|(unique\s+|fulltext\s+|spatial\s+)?index)|alter\s+table|rename\s+table|drop\s+index)\b",
                 re.I)


class Catch(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


def cause(exc):
    """A short, groupable description of a sqlglot exception."""
    msg = str(exc).split("\n")[0]
    tok = re.search(r"\x1b\[4m(.*?)\x1b\[0m", str(exc))
    msg = re.sub(r"\s*Line \d+, Col: \d+\.?", "", msg).strip()
    msg = re.sub(r"<class 'sqlglot\.expressions\.(\w+)'>", r"\1", msg)
    if tok:
        msg += " at %r" % tok.group(1).lower()[:30]
    return "%s: %s" % (type(exc).__name__, msg[:110])


def main():
    dump, chm_err, outdir = sys.argv[1:4]
    every = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "-e" else 1
    with open(dump, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    stmts, starts = [], []          # table DDL statements and their first line
    line, pos = 1, 0
    while True:
        end = text.find(";\n", pos)
        if end < 0:
            break
        s = text[pos:end]
        # the statement starts at its first non-blank, non-comment line
        body = s
        skip = 0
        while body.startswith(("--", "\n")):
            nl = body.find("\n")
            body, skip = body[nl + 1:], skip + 1
        if DDL.match(body):
            stmts.append(body)
            starts.append(line + skip)
        line += s.count("\n") + 1
        pos = end + 2

    # chameleon's failures, by statement
    chm_fail = {}
    with open(chm_err, encoding="utf-8", errors="replace") as f:
        for l in f:
            m = re.match(r"chameleon translate-ddl: (\d+):(\d+): (\S+): (.*)", l)
            if not m:
                continue
            i = bisect.bisect_right(starts, int(m.group(1))) - 1
            msg = re.sub(r'"[^"]*"', '"…"', m.group(4))
            chm_fail[i] = "%s: %s" % (m.group(3), msg[:100])

    sample = list(range(0, len(stmts), every))
    with open("/proc/self/statm") as f:   # what the harness holds before sqlglot runs
        base_kb = int(f.read().split()[1]) * resource.getpagesize() // 1024
    log = logging.getLogger("sqlglot")
    catch = Catch()
    log.addHandler(catch)
    log.propagate = False
    ok, causes, spent, spent_ok, warned = [], collections.Counter(), 0.0, 0.0, 0
    mysqlish = 0
    dts = {}
    for i in sample:
        s = stmts[i]
        catch.records.clear()
        t0 = time.perf_counter()
        try:
            out = sqlglot.transpile(s, read="mysql", write="postgres")
            err = None
        except Exception as e:  # noqa: BLE001 — every failure is counted by its type
            out, err = None, e
        dt = time.perf_counter() - t0
        spent += dt
        dts[i] = dt
        if err is not None:
            causes[cause(err)] += 1
        elif not out or not any(x.strip() for x in out):
            causes["returned nothing"] += 1
        elif any("Falling back to parsing as a 'Command'" in r for r in catch.records):
            causes["passed through unparsed (Command fallback)"] += 1
        else:
            ok.append(i)
            spent_ok += dt
            if catch.records:
                warned += 1
            o = " ".join(out)
            if re.search(r"\b(ENGINE|AUTO_INCREMENT|UNSIGNED|CHARSET)\b|`", o, re.I):
                mysqlish += 1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    both = [i for i in ok if i not in chm_fail]
    with open(outdir + "/both.sql", "w", encoding="utf-8", errors="surrogateescape") as f:
        for i in both:
            f.write(stmts[i] + ";\n")
    both_bytes = sum(len(stmts[i].encode("utf-8", "surrogateescape")) + 2 for i in both)
    sample_bytes = sum(len(stmts[i].encode("utf-8", "surrogateescape")) + 2 for i in sample)
    # the common statements again, twice more: the fastest pass of three is
    # kept, as bench/translate keeps chameleon's fastest of its runs
    spent_both = sum(dts[i] for i in both)
    for _ in range(2):
        t = 0.0
        for i in both:
            t0 = time.perf_counter()
            sqlglot.transpile(stmts[i], read="mysql", write="postgres")
            t += time.perf_counter() - t0
        spent_both = min(spent_both, t)
    kinds = collections.Counter(re.sub(r"\s+", " ", stmts[i][:12]).upper().split(" ")[0] for i in ok)

    with open(outdir + "/summary", "w") as f:
        for k, v in (("n_ddl", len(stmts)), ("n_sample", len(sample)), ("every", every),
                     ("sample_bytes", sample_bytes), ("sg_ok", len(ok)), ("sg_secs", "%.6f" % spent),
                     ("sg_secs_ok", "%.6f" % spent_ok), ("sg_rss_kb", rss), ("sg_base_kb", base_kb), ("sg_warned", warned),
                     ("sg_mysqlish", mysqlish), ("chm_failed", len(chm_fail)), ("n_both", len(both)),
                     ("both_bytes", both_bytes), ("sg_secs_both", "%.6f" % spent_both),
                     ("chm_failed_in_sample", sum(1 for i in sample if i in chm_fail))):
            f.write("%s=%s\n" % (k, v))
    print("sqlglot %s on %d statements (%s): handled %d (%s), failed %d" % (
        sqlglot.__version__, len(sample), "all" if every == 1 else "every %dth" % every, len(ok),
        ", ".join("%s %d" % kv for kv in kinds.most_common()), len(sample) - len(ok)))
    print("  top causes of sqlglot's failures:")
    for c, n in causes.most_common(12):
        print("  %7d  %s" % (n, c))
    if mysqlish:
        print("  (of the handled, %d return text still holding MySQL-only syntax: ENGINE=, AUTO_INCREMENT, UNSIGNED,"
              " CHARSET or backquotes)" % mysqlish)
    ccauses = collections.Counter(chm_fail.values())
    print("chameleon failed %d of %d table DDL statements%s" % (len(chm_fail), len(stmts), ":" if chm_fail else ""))
    for c, n in ccauses.most_common(12):
        print("  %7d  %s" % (n, c))
    for i in sorted(chm_fail)[:5]:
        print("  e.g. line %d: %s" % (starts[i], stmts[i][:300].replace("\n", " ")))


if __name__ == "__main__":
    main()
