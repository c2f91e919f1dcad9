#!/usr/bin/env python3
# bench/xlate/gen.py — a large, deterministic MySQL/MariaDB schema-history dump
# for bench/translate.
#
#   gen.py [-n STATEMENTS] [-s SEED] > dump.sql
#
# Writes at least STATEMENTS (default 100,000) CREATE TABLE and ALTER TABLE
# statements, plus a few RENAME TABLE, CREATE INDEX and DROP INDEX, as a
# migration history would hold them: tables are created and then altered in
# an interleaved order, so that any prefix of the dump is a valid history.
# The generator keeps the state of every table (columns, keys, foreign keys,
# checks, partitioning, engine) and only writes statements MariaDB 10.11
# accepts on that state (bench/translate -m checks it on a lab).
#
# Every statement ends with ";" and a newline, and no statement contains
# ";\n": splitting the file on that is exact.  Same seed, same bytes.
import argparse
import random
import sys

NOUNS = ("account customer order invoice payment product item category tag user session "
         "address shipment warehouse stock supplier price discount coupon review rating "
         "message thread post comment vote audit event job task queue schedule report metric "
         "device sensor reading location region store employee department contract ticket "
         "subscription plan feature permission role group_member token webhook log note file "
         "attachment image video playlist track album artist booking room guest flight seat").split()
PREFIXES = ("app_ core_ crm_ shop_ wp_ sys_ tmp_ hr_ erp_ bi_ ".split()) + [""] * 6
COLNAMES = ("name title label code slug email phone status state kind type_code amount total "
            "price cost quantity qty balance score weight height width depth lat lng ratio "
            "description body summary content notes remark payload meta settings options "
            "created_at updated_at deleted_at published_at expires_at started_on ended_on birth_date "
            "opening_time duration_t fiscal_year is_active is_deleted enabled visible flags mask "
            "hash checksum digest token secret ip_addr mac guid ref_no external_id version "
            "sort_order position priority level depth_level currency locale timezone country "
            "city zip street url path mime_type size_bytes color shape geom area_geom route").split()
QUOTED_NAMES = ["order", "key", "group", "desc", "index", "range", "select", "check",
                "first name", "e-mail", "größe", "prix_€", "1st_place", "Mixed Case"]
WORDS = ("primary customer facing value used for reporting legacy field kept for import "
         "the total amount in cents after discount computed nightly unique per tenant "
         "see ticket deprecated do not use display name shown in the ui time zone aware "
         "o'clock it's 50% \\ backslash \"quoted\"").split()
ENUM_LABELS = ("new active pending paid shipped cancelled refunded draft published archived "
               "low medium high urgent red green blue small large xl on off yes no").split()
CHARSETS = [("utf8mb4", "utf8mb4_unicode_ci"), ("utf8mb4", "utf8mb4_general_ci"),
            ("latin1", "latin1_swedish_ci"), ("utf8mb3", "utf8mb3_general_ci"),
            ("ascii", "ascii_general_ci"), ("utf8mb4", "utf8mb4_bin")]
RESERVED = {"order", "key", "group", "desc", "index", "range", "select", "check", "status", "position",
            "current_date", "interval", "year", "time", "date", "char"}

STRINGY = {"char", "varchar", "text"}
INDEXABLE = {"int", "dec", "float", "bit", "bool", "date", "datetime", "timestamp", "time",
             "year", "char", "varchar", "text", "binary", "varbinary", "blob", "enum", "set",
             "uuid", "inet6"}


class Col:
    __slots__ = ("name", "fam", "typ", "size", "nullable", "auto", "gen", "unsigned", "prec")

    def __init__(self, name, fam, typ, size=0, nullable=True, unsigned=False, prec=0):
        self.name, self.fam, self.typ, self.size = name, fam, typ, size
        self.nullable, self.auto, self.gen, self.unsigned, self.prec = nullable, False, False, unsigned, prec

    def width(self):
        """Bytes this column takes in the row-size limit (conservative)."""
        if self.fam in ("char", "varchar", "binary", "varbinary"):
            return 4 * self.size + 2
        return 12


class Table:
    def __init__(self, schema, name, num):
        self.schema, self.name, self.num = schema, name, num
        self.cols = []            # [Col]
        self.pk = []              # column names
        self.indexes = {}         # name -> (kind, [col names])  kind: key unique fulltext spatial
        self.checks = {}          # name -> [col names]
        self.fks = {}             # name -> col name
        self.fk_cols = set()
        self.gen_refs = set()     # columns a generated column reads
        self.referenced = False   # some foreign key points at this table's primary key
        self.engine = "InnoDB"
        self.partition = None     # None, ("hash", n), ("key", n), ("range", [names])
        self.lowercase = False
        self.backticks = True
        self.seq = 0

    def col(self, name):
        for c in self.cols:
            if c.name == name:
                return c
        return None

    def indexed(self):
        s = set(self.pk)
        for _, cols in self.indexes.values():
            s.update(cols)
        return s

    def frozen(self):
        """Columns that must not be dropped, renamed or retyped."""
        s = set(self.fk_cols) | self.gen_refs
        for cols in self.checks.values():
            s.update(cols)
        for c in self.cols:
            if c.gen or c.auto:
                s.add(c.name)
        if self.referenced or self.partition:
            s.update(self.pk)
        return s

    def row_width(self):
        return sum(c.width() for c in self.cols)

    def fresh(self, base):
        self.seq += 1
        return "%s_%d" % (base, self.seq)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.tables = []
        self.byname = {}
        self.ntab = 0
        self.nfk = 0
        self.out = []
        self.pending = set()
        self.touched = set()
        self.itouched = set()

    # ---- lexical helpers ----------------------------------------------------
    def q(self, t, name):
        if t.backticks or name in RESERVED or not all(ch.isalnum() and ch.isascii() or ch == "_" for ch in name) \
                or name[0].isdigit() or name.lower() != name:
            return "`" + name.replace("`", "``") + "`"
        return name

    def qt(self, t, cur=None):
        """The table's name as a statement refers to it (schema-qualified outside xb_main)."""
        n = self.q(t, t.name)
        if t.schema != "xb_main":
            return self.q(t, t.schema) + "." + n
        return n

    def lit(self, s):
        r = self.r.random()
        if r < 0.5:
            return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def comment(self, maxw=8):
        return " ".join(self.r.choice(WORDS) for _ in range(self.r.randint(1, maxw)))

    # ---- column types ---------------------------------------------------------
    def coltype(self, t, fam=None):
        r = self.r
        if fam is None:
            fam = r.choices(
                ["int", "dec", "float", "bit", "bool", "date", "datetime", "timestamp", "time", "year",
                 "char", "varchar", "text", "binary", "varbinary", "blob", "enum", "set", "json",
                 "geo", "uuid", "inet6"],
                [14, 6, 3, 1, 3, 3, 5, 4, 2, 1, 4, 16, 6, 1, 2, 2, 4, 1, 3, 1, 1, 1])[0]
        if fam == "int":
            base = r.choices(["tinyint", "smallint", "mediumint", "int", "bigint", "integer"], [2, 2, 1, 6, 4, 1])[0]
            typ = base
            if r.random() < 0.4:
                typ += "(%d)" % {"tinyint": 4, "smallint": 6, "mediumint": 9, "int": 11, "integer": 11, "bigint": 20}[base]
            uns = r.random() < 0.35
            if uns:
                typ += " unsigned"
                if r.random() < 0.05:
                    typ += " zerofill"
            return Col("", fam, typ, unsigned=uns)
        if fam == "dec":
            p = r.randint(4, 30)
            s = r.randint(0, min(p - 2, 6))
            typ = r.choice(["decimal", "decimal", "numeric", "dec", "fixed"]) + "(%d,%d)" % (p, s)
            if r.random() < 0.1:
                typ = "decimal"
            uns = r.random() < 0.1
            return Col("", fam, typ + (" unsigned" if uns else ""), unsigned=uns)
        if fam == "float":
            typ = r.choice(["float", "double", "double precision", "real", "float(12)", "float(7,3)", "double(16,4)"])
            return Col("", fam, typ)
        if fam == "bit":
            n = r.randint(1, 64)
            return Col("", fam, "bit(%d)" % n, size=n)
        if fam == "bool":
            return Col("", fam, r.choice(["tinyint(1)", "tinyint(1)", "boolean", "bool"]))
        if fam in ("datetime", "timestamp", "time"):
            p = r.choice([0, 0, 0, 3, 6, 1])
            return Col("", fam, fam + ("(%d)" % p if p or r.random() < 0.2 else ""), prec=p)
        if fam == "date":
            return Col("", fam, "date")
        if fam == "year":
            return Col("", fam, r.choice(["year", "year(4)"]))
        if fam in ("char", "binary"):
            n = r.choice([1, 2, 3, 8, 10, 16, 32, 36, 64])
            return Col("", fam, "%s(%d)" % (fam, n) + self.charset(fam), size=n)
        if fam in ("varchar", "varbinary"):
            n = r.choice([8, 16, 32, 50, 64, 100, 128, 191, 255, 255, 500, 1000, 2048])
            return Col("", fam, "%s(%d)" % (fam, n) + self.charset(fam), size=n)
        if fam == "text":
            return Col("", fam, r.choice(["tinytext", "text", "text", "mediumtext", "longtext"]) + self.charset(fam))
        if fam == "blob":
            return Col("", fam, r.choice(["tinyblob", "blob", "mediumblob", "longblob"]))
        if fam in ("enum", "set"):
            labels = r.sample(ENUM_LABELS, r.randint(2, 6))
            c = Col("", fam, fam + "(" + ",".join("'%s'" % x for x in labels) + ")" + self.charset(fam))
            c.size = len(labels)
            c.prec = labels  # kept for defaults
            return c
        if fam == "json":
            return Col("", fam, "json")
        if fam == "geo":
            return Col("", fam, r.choice(["geometry", "point", "linestring", "polygon", "multipoint", "multipolygon"]))
        return Col("", fam, fam)

    def charset(self, fam):
        if fam not in ("char", "varchar", "text", "enum", "set") or self.r.random() > 0.12:
            return ""
        cs, coll = self.r.choice(CHARSETS)
        r = self.r.random()
        if r < 0.4:
            return " CHARACTER SET %s" % cs
        if r < 0.7:
            return " CHARACTER SET %s COLLATE %s" % (cs, coll)
        return " COLLATE %s" % coll

    def default(self, c):
        """A DEFAULT clause valid for the column, or ""."""
        r = self.r
        f = c.fam
        if c.auto or c.gen or f == "geo" or r.random() < 0.4:
            return ""
        if c.nullable and r.random() < 0.2:
            return " DEFAULT NULL"
        if f == "int":
            v = r.choice(["0", "1", "'0'", "100", "(1 + 2)"] + ([] if c.unsigned else ["-1"]))
            return " DEFAULT " + v
        if f == "dec":
            return " DEFAULT " + r.choice(["0", "0.00", "'1.5'", "-0.5" if not c.unsigned else "2"])
        if f == "float":
            return " DEFAULT " + r.choice(["0", "1.5", "1e3", "-2.25"])
        if f == "bit":
            return " DEFAULT " + r.choice(["b'0'", "b'1'", "0"])
        if f == "bool":
            return " DEFAULT " + r.choice(["0", "1", "TRUE", "FALSE"])
        if f == "date":
            return " DEFAULT " + r.choice(["'2000-01-01'", "'1970-01-01'", "'0000-00-00'", "(curdate())"])
        if f in ("datetime", "timestamp"):
            p = "(%d)" % c.prec if c.prec else ""
            v = r.choice(["CURRENT_TIMESTAMP" + p, "CURRENT_TIMESTAMP" + p, "current_timestamp(%d)" % c.prec,
                          "'2020-01-01 00:00:00'", "'0000-00-00 00:00:00'"] + (["NOW()", "LOCALTIMESTAMP"] if not c.prec else []))
            s = " DEFAULT " + v
            if "CURRENT" in v.upper() and r.random() < 0.5:
                s += " ON UPDATE CURRENT_TIMESTAMP" + p
            return s
        if f == "time":
            return " DEFAULT " + r.choice(["'00:00:00'", "'12:30'", "'-01:00:00'", "'838:59:59'"])
        if f == "year":
            return " DEFAULT " + r.choice(["2000", "'2024'", "1901"])
        if f in ("char", "varchar"):
            s = r.choice(["", "n/a", "x", "it's", "a\\b", "none", "EUR", "-"])
            if len(s) > c.size:
                s = s[:c.size]
            return " DEFAULT " + self.lit(s)
        if f == "text":
            return " DEFAULT " + r.choice(["''", "'-'"])
        if f in ("binary", "varbinary"):
            return " DEFAULT " + r.choice(["0x00", "''", "X'01'"])
        if f == "enum":
            return " DEFAULT '%s'" % r.choice(c.prec)
        if f == "set":
            return " DEFAULT '%s'" % ",".join(c.prec[:r.randint(0, 2)])
        if f == "json":
            return " DEFAULT " + r.choice(["'{}'", "'[]'"])
        if f == "inet6":
            return " DEFAULT '::1'"
        return ""

    def coldef(self, t, c, notnull=False):
        """The column definition text; sets c.nullable from what it writes."""
        r = self.r
        s = self.q(t, c.name) + " " + c.typ
        if c.gen:
            return s
        c.nullable = not (notnull or c.auto or r.random() < 0.5)
        if c.nullable:
            if r.random() < 0.3:
                s += " NULL"
        else:
            s += " NOT NULL"
        if c.auto:
            s += " AUTO_INCREMENT"
        else:
            s += self.default(c)
        if r.random() < 0.15:
            s += " COMMENT " + self.lit(self.comment())
        return s

    def newname(self, t, base=None):
        r = self.r
        for _ in range(20):
            if base is None:
                n = r.choice(QUOTED_NAMES) if r.random() < 0.02 else r.choice(COLNAMES)
            else:
                n = base
            if r.random() < 0.2:
                n = "%s_%d" % (n, r.randint(2, 9))
            if t.col(n) is None and n not in self.pending:
                return n
            base = None
        return t.fresh("col")

    def newcol(self, t, fam=None):
        c = self.coltype(t, fam)
        c.name = self.newname(t)
        return c

    # ---- CREATE TABLE --------------------------------------------------------
    def tname(self):
        self.ntab += 1
        return "%s%s_%d" % (self.r.choice(PREFIXES), self.r.choice(NOUNS), self.ntab)

    def create(self):
        r = self.r
        if self.tables and r.random() < 0.03:
            return self.create_like(r.choice(self.tables))
        schema = "xb_arch" if r.random() < 0.08 else "xb_main"
        t = Table(schema, self.tname(), self.ntab)
        t.lowercase = r.random() < 0.2
        t.backticks = r.random() < 0.75
        t.engine = "MyISAM" if r.random() < 0.07 else ("Aria" if r.random() < 0.02 else "InnoDB")
        self.pending = set()
        elems = []
        # the key column
        pkkind = r.random()
        if pkkind < 0.8:
            c = self.coltype(t, "int")
            c.typ = r.choice(["int", "int(11)", "bigint", "bigint(20)", "int(10)", "mediumint", "smallint"]) + \
                r.choice([" unsigned", " unsigned", ""])
            c.unsigned = "unsigned" in c.typ
            c.name, c.auto = r.choice(["id", "id", "id", "%s_id" % t.name.split("_")[-2]]), r.random() < 0.9
            t.cols.append(c)
            elems.append(self.coldef(t, c, notnull=True))
            t.pk = [c.name]
        elif pkkind < 0.9:
            c = Col("uuid" if r.random() < 0.5 else "guid", "char", "char(36)" if r.random() < 0.6 else "uuid", size=36)
            if c.typ == "uuid":
                c.fam = "uuid"
            t.cols.append(c)
            elems.append(self.coldef(t, c, notnull=True))
            t.pk = [c.name]
        nogeo = True
        for _ in range(r.randint(2, 18)):
            c = self.newcol(t)
            if c.fam == "geo" and t.engine == "Aria":
                continue
            if c.fam == "geo":
                nogeo = False
            if t.row_width() + c.width() > 40000:
                break
            t.cols.append(c)
            elems.append(self.coldef(t, c))
        if pkkind >= 0.9 and r.random() < 0.7:
            # composite primary key over two NOT NULL key-able columns
            cand = [c for c in t.cols if c.fam in ("int", "char", "date") and not c.gen and not c.nullable]
            if len(cand) >= 2:
                t.pk = [c.name for c in r.sample(cand, 2)]
        # a generated column
        srcs = [c for c in t.cols if c.fam in ("varchar", "int", "dec") and c.name not in t.pk]
        if srcs and r.random() < 0.12:
            src = r.choice(srcs)
            g = Col(self.newname(t, "gen_" + src.fam), "int", "int")
            g.gen = True
            expr = "char_length(%s)" % self.q(t, src.name) if src.fam == "varchar" else "%s * 2" % self.q(t, src.name)
            if src.fam == "dec":
                g.typ, g.fam = "decimal(40,6)", "dec"
            kw = r.choice(["VIRTUAL", "PERSISTENT", "STORED"])
            g.typ += " " + r.choice(["", "GENERATED ALWAYS "]) + "AS (%s) %s" % (expr, kw)
            t.cols.append(g)
            t.gen_refs.add(src.name)
            elems.append(self.coldef(t, g))
        # a self-referencing or outward foreign key
        fkparts = []
        if t.engine == "InnoDB" and r.random() < 0.25:
            parents = [p for p in self.tables[-200:] if self.fk_target(p)]
            if parents:
                p = r.choice(parents)
                elems_fk = self.fk_column(t, p)
                if elems_fk:
                    e1, e2, e3 = elems_fk
                    elems.append(e1)
                    fkparts = [e2, e3]
        # keys
        if t.pk and (len(t.pk) > 1 or r.random() < 0.7 or t.cols[0].name not in t.pk):
            elems.append("PRIMARY KEY (%s)" % ", ".join(self.q(t, x) for x in t.pk))
        elif t.pk:
            elems[0] += " PRIMARY KEY"
        for _ in range(r.choice([0, 1, 1, 2, 3])):
            e = self.index_elem(t, create=True)
            if e:
                elems.append(e)
        elems.extend(fkparts)
        if r.random() < 0.1:
            e = self.check_elem(t)
            if e:
                elems.append(e)
        # partitioning: only where nothing forbids it
        part = ""
        if (nogeo and t.engine == "InnoDB" and len(t.pk) == 1 and t.col(t.pk[0]).fam == "int" and not t.fks
                and all(k in ("key",) for k, _ in t.indexes.values()) and r.random() < 0.1):
            part = self.partition_clause(t)
        opts = self.table_options(t, create=True)
        multi = r.random() < 0.75
        sep = ",\n  " if multi else ", "
        head = "CREATE TABLE " + ("IF NOT EXISTS " if r.random() < 0.1 else "") + self.qt(t)
        body = ("(\n  " if multi else " (") + sep.join(elems) + ("\n)" if multi else ")")
        stmt = head + " " + body + opts + part
        if t.lowercase:
            stmt = self.lower(stmt)
        self.add_table(t)
        self.emit(stmt, True)

    def lower(self, s):
        # keywords to lower case; names are lower case already, literals keep their bytes
        out, i, n = [], 0, len(s)
        while i < n:
            ch = s[i]
            if ch in "'`\"":
                j = i + 1
                while j < n and s[j] != ch:
                    j += 2 if s[j] == "\\" and ch == "'" else 1
                out.append(s[i:j + 1])
                i = j + 1
            else:
                j = i
                while j < n and s[j] not in "'`\"":
                    j += 1
                out.append(s[i:j].lower())
                i = j
        return "".join(out)

    def add_table(self, t):
        self.tables.append(t)
        self.byname[(t.schema, t.name)] = t

    def create_like(self, src):
        t = Table(src.schema, self.tname(), self.ntab)
        t.lowercase, t.backticks, t.engine = src.lowercase, src.backticks, src.engine
        for c in src.cols:
            n = Col(c.name, c.fam, c.typ, c.size, c.nullable, c.unsigned, c.prec)
            n.auto, n.gen = c.auto, c.gen
            t.cols.append(n)
        t.pk = list(src.pk)
        t.indexes = {k: (v[0], list(v[1])) for k, v in src.indexes.items()}
        t.checks = {k: list(v) for k, v in src.checks.items()}
        t.fk_cols = set()
        t.gen_refs = set(src.gen_refs)
        t.partition = src.partition
        # the foreign key columns stay, without their constraint: they are plain indexed columns now
        t.seq = src.seq
        stmt = "CREATE TABLE %s LIKE %s" % (self.qt(t), self.qt(src))
        self.add_table(t)
        self.emit(stmt, True)

    def fk_target(self, p):
        if p.engine != "InnoDB" or p.partition or len(p.pk) != 1:
            return False
        c = p.col(p.pk[0])
        return c is not None and c.fam == "int" and not c.gen

    def fk_column(self, t, p):
        """(column def, key def, constraint def) of a column referencing p's key."""
        r = self.r
        pc = p.col(p.pk[0])
        name = self.newname(t, (p.name.split("_")[-2] if "_" in p.name else "parent") + "_id")
        c = Col(name, "int", pc.typ, unsigned=pc.unsigned)
        act = r.choice(["", " ON DELETE CASCADE", " ON DELETE SET NULL", " ON DELETE RESTRICT ON UPDATE CASCADE",
                        " ON UPDATE NO ACTION", " ON DELETE NO ACTION ON UPDATE RESTRICT"])
        col = self.coldef(t, c)
        if "SET NULL" in act and not c.nullable:
            act = " ON DELETE CASCADE"
        t.cols.append(c)
        self.nfk += 1
        fk = "fk_%d_%d" % (t.num, self.nfk)
        kname = self.freshindex(t, "idx_" + name)
        t.indexes[kname] = ("key", [name])
        t.fks[fk] = name
        t.fk_cols.add(name)
        p.referenced = True
        ref = self.qt(p) if p is not t else self.q(t, t.name)
        if p.schema != t.schema and p is not t:
            ref = self.q(t, p.schema) + "." + self.q(t, p.name)
        elif p.schema != "xb_main":
            ref = self.q(t, p.schema) + "." + self.q(t, p.name)
        return (col, "KEY %s (%s)" % (self.q(t, kname), self.q(t, name)),
                "CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)%s" % (
                    self.q(t, fk), self.q(t, name), ref, self.q(t, pc.name), act))

    def freshindex(self, t, base):
        n = base[:50]
        while n in t.indexes or n.upper() == "PRIMARY":
            n = t.fresh(base[:40])
        return n

    def keycols(self, t, kind, exclude=()):
        r = self.r
        if kind == "fulltext":
            cand = [c for c in t.cols if c.fam in STRINGY and not c.gen and c.name not in exclude]
            if not cand:
                return None
            return [(r.choice(cand), None)]
        if kind == "spatial":
            cand = [c for c in t.cols if c.fam == "geo" and not c.nullable and c.name not in exclude]
            return [(r.choice(cand), None)] if cand else None
        cand = [c for c in t.cols if c.fam in INDEXABLE and not c.gen and c.name not in exclude]
        if not cand:
            return None
        parts = []
        for c in r.sample(cand, min(len(cand), r.choice([1, 1, 1, 2, 2, 3]))):
            plen = None
            if c.fam in ("text", "blob") or (c.fam in ("varchar", "varbinary") and c.size > 64):
                plen = r.choice([8, 10, 20, 32, 64])
            elif c.fam in ("char", "varchar", "binary", "varbinary") and r.random() < 0.1 and c.size > 4:
                plen = min(c.size - 1, 8)
            parts.append((c, plen))
        return parts

    def index_elem(self, t, create=False, exclude=(), kinds=None, pieces=False):
        """An index definition (CREATE element or ALTER ADD body) and records it."""
        r = self.r
        kind = r.choices(["key", "unique", "fulltext", "spatial"], [10, 4, 1, 1])[0] if kinds is None else r.choice(kinds)
        if t.partition and kind != "key":
            kind = "key"
        if kind in ("fulltext", "spatial") and t.engine == "Aria":
            kind = "key"
        parts = self.keycols(t, kind, exclude)
        if not parts:
            return None
        base = {"key": "idx_", "unique": "uq_", "fulltext": "ft_", "spatial": "sp_"}[kind] + "_".join(c.name for c, _ in parts)
        name = self.freshindex(t, "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in base))
        t.indexes[name] = (kind, [c.name for c, _ in parts])
        cols = ", ".join(self.q(t, c.name) + ("(%d)" % p if p else "") +
                         (" DESC" if kind in ("key", "unique") and r.random() < 0.05 else "") for c, p in parts)
        word = r.choice(["KEY", "INDEX"])
        head = {"key": "", "unique": "UNIQUE ", "fulltext": "FULLTEXT ", "spatial": "SPATIAL "}[kind]
        tail = ""
        if kind in ("key", "unique") and r.random() < 0.1:
            tail += " USING BTREE"
        if r.random() < 0.05:
            tail += " COMMENT " + self.lit(self.comment(4))
        if pieces:
            return head, self.q(t, name), cols, tail
        return "%s%s %s (%s)%s" % (head, word, self.q(t, name), cols, tail)

    def check_elem(self, t, exclude=()):
        cand = [c for c in t.cols if c.fam in ("int", "dec") and not c.gen and not c.auto
                and c.name not in exclude and c.name not in t.fk_cols]
        if not cand:
            return None
        c = self.r.choice(cand)
        name = "chk_%s_%d" % (c.name[:40], t.num)
        if name in t.checks:
            name = t.fresh("chk")
        t.checks[name] = [c.name]
        cond = self.r.choice(["%s >= 0", "%s <> -1", "%s BETWEEN 0 AND 1000000", "%s IS NULL OR %s < 99999999"])
        return "CONSTRAINT %s CHECK (%s)" % (self.q(t, name), cond.replace("%s", self.q(t, c.name)))

    def partition_clause(self, t):
        r = self.r
        k = self.q(t, t.pk[0])
        x = r.random()
        if x < 0.4:
            n = r.randint(2, 8)
            t.partition = ("hash", n)
            body = "PARTITION BY HASH (%s)\nPARTITIONS %d" % (k, n)
        elif x < 0.6:
            n = r.randint(2, 8)
            t.partition = ("key", n)
            body = "PARTITION BY KEY (%s) PARTITIONS %d" % (k, n)
        else:
            names = ["p%d" % i for i in range(r.randint(2, 5))]
            parts = ["PARTITION %s VALUES LESS THAN (%d) ENGINE = InnoDB" % (p, (i + 1) * 100000) for i, p in enumerate(names)]
            parts.append("PARTITION pmax VALUES LESS THAN MAXVALUE ENGINE = InnoDB")
            t.partition = ("range", names + ["pmax"])
            body = "PARTITION BY RANGE (%s)\n(%s)" % (k, ",\n ".join(parts))
        return "\n/*!50100 " + body + " */" if r.random() < 0.6 else "\n" + body

    def table_options(self, t, create):
        r = self.r
        o = []
        if create or r.random() < 0.3:
            o.append("ENGINE=" + t.engine)
        if create and r.random() < 0.4 and any(c.auto for c in t.cols):
            o.append("AUTO_INCREMENT=%d" % r.randint(1, 10 ** 7))
        if create and r.random() < 0.85:
            cs, coll = r.choice(CHARSETS[:3] + [CHARSETS[0]] * 4)
            o.append(r.choice(["DEFAULT CHARSET=", "DEFAULT CHARACTER SET ", "CHARSET="]) + cs +
                     (" COLLATE=" + coll if r.random() < 0.5 else ""))
        if t.engine == "InnoDB" and r.random() < 0.1:
            o.append("ROW_FORMAT=DYNAMIC")
        if r.random() < 0.05:
            o.append("STATS_PERSISTENT=0")
        if r.random() < 0.2:
            o.append("COMMENT=" + self.lit(self.comment()))
        if not o:
            return ""
        return " " + " ".join(o)

    # ---- ALTER TABLE -----------------------------------------------------------
    def alter(self):
        r = self.r
        t = r.choice(self.tables[-3000:]) if r.random() < 0.9 else r.choice(self.tables)
        self.pending = set()
        self.touched = set()
        self.itouched = set()
        x = r.random()
        specs = None
        if x < 0.03 and t.partition:
            specs = [self.partition_op(t)]
        elif x < 0.05:
            specs = [self.engine_change(t)]
        elif x < 0.07 and not t.fk_cols and not t.referenced:
            specs = [self.convert(t)]
        elif x < 0.09:
            specs = self.pk_change(t)
        elif x < 0.11:
            specs = self.fk_add(t)
        elif x < 0.14:
            specs = self.index_only(t)
        if not specs or specs == [None]:
            specs = []
            for _ in range(r.choices([1, 2, 3, 4, 6], [40, 30, 15, 10, 5])[0]):
                s = self.spec(t)
                if s:
                    specs.append(s)
            if not specs:
                c = self.newcol(t)
                t.cols.append(c)
                specs = ["ADD COLUMN " + self.coldef(t, c)]
        rename = ""
        # MariaDB cannot add a foreign key and move the table in one statement
        if r.random() < 0.02 and not any("FOREIGN KEY" in x for x in specs):
            rename = self.rename_to(t)
        stmt = "ALTER TABLE %s %s" % (self.qt(t), ", ".join(specs))
        if rename:
            stmt = "ALTER TABLE %s %s" % (rename[0], ", ".join(specs + [rename[1]]))
        if t.lowercase:
            stmt = self.lower(stmt)
        self.emit(stmt, True)

    def rename_to(self, t):
        old = self.qt(t)
        del self.byname[(t.schema, t.name)]
        t.name = self.tname()
        if self.r.random() < 0.2:
            t.schema = "xb_arch" if t.schema == "xb_main" else "xb_main"
        self.byname[(t.schema, t.name)] = t
        tgt = self.q(t, t.schema) + "." + self.q(t, t.name) if self.r.random() < 0.5 or t.schema != "xb_main" else self.q(t, t.name)
        return old, "RENAME %s%s" % (self.r.choice(["TO ", "AS ", ""]), tgt)

    def free_cols(self, t):
        frozen = t.frozen() | t.indexed() | self.touched
        return [c for c in t.cols if c.name not in frozen]

    def position(self, t):
        r = self.r.random()
        if r < 0.15:
            return " FIRST"
        if r < 0.45:
            cand = [c for c in t.cols if c.name not in self.touched]
            if cand:
                c = self.r.choice(cand)
                self.touched.add(c.name)
                return " AFTER " + self.q(t, c.name)
        return ""

    def spec(self, t):
        r = self.r
        k = r.choices(["add", "addlist", "drop", "change", "modify", "setdef", "dropdef", "renamecol",
                       "addidx", "dropidx", "renameidx", "addchk", "dropchk", "opts"],
                      [30, 4, 10, 10, 16, 5, 3, 4, 8, 4, 2, 1, 1, 2])[0]
        if k in ("add", "addlist"):
            if len(t.cols) >= 40 or t.row_width() > 30000:
                k = "drop"
            else:
                n = 1 if k == "add" else r.randint(2, 3)
                defs = []
                for _ in range(n):
                    c = self.newcol(t)
                    if c.fam == "geo" and (t.engine == "Aria" or t.partition):
                        c = self.newcol(t, "int")
                    d = self.coldef(t, c)
                    t.cols.append(c)
                    self.touched.add(c.name)
                    defs.append(d)
                ine = "IF NOT EXISTS " if r.random() < 0.05 else ""
                if n == 1:
                    pos = self.position(t)
                    return r.choice(["ADD COLUMN ", "ADD ", "ADD COLUMN "]) + ine + defs[0] + pos
                return "ADD COLUMN " + ine + "(" + ", ".join(defs) + ")"
        if k == "drop":
            cand = self.free_cols(t)
            if len(t.cols) <= 3 or not cand:
                return None
            c = r.choice(cand)
            t.cols.remove(c)
            self.touched.add(c.name)
            return r.choice(["DROP COLUMN ", "DROP ", "DROP COLUMN IF EXISTS "]) + self.q(t, c.name)
        if k in ("change", "modify"):
            return self.redefine(t, k)
        if k in ("setdef", "dropdef"):
            cand = [c for c in t.cols if c.name not in self.touched and c.name not in t.frozen()
                    and c.fam not in ("geo",) and not c.auto and not c.gen]
            if not cand:
                return None
            c = r.choice(cand)
            self.touched.add(c.name)
            if k == "dropdef":
                return "ALTER COLUMN %s DROP DEFAULT" % self.q(t, c.name)
            d = ""
            for _ in range(5):
                d = self.default(c)
                if d and " ON UPDATE" not in d:
                    break
                d = ""
            if not d:
                return "ALTER %s DROP DEFAULT" % self.q(t, c.name)
            return "ALTER COLUMN %s SET%s" % (self.q(t, c.name), d)
        if k == "renamecol":
            cand = [c for c in self.free_cols(t)]
            if not cand:
                return None
            c = r.choice(cand)
            old = c.name
            self.touched.add(old)
            c.name = self.newname(t)
            self.touched.add(c.name)
            return "RENAME COLUMN %s TO %s" % (self.q(t, old), self.q(t, c.name))
        if k == "addidx":
            if len(t.indexes) >= 20:
                return None
            e = self.index_elem(t, exclude=self.touched)
            if not e:
                return None
            name = list(t.indexes)[-1]
            self.itouched.add(name)
            self.touched.update(t.indexes[name][1])
            return "ADD " + e
        if k == "dropidx":
            cand = [n for n, (kind, cols) in t.indexes.items()
                    if n not in self.itouched and not (set(cols) & (t.fk_cols | self.touched))]
            if not cand:
                return None
            n = r.choice(cand)
            del t.indexes[n]
            self.itouched.add(n)
            return r.choice(["DROP INDEX ", "DROP KEY ", "DROP INDEX IF EXISTS "]) + self.q(t, n)
        if k == "renameidx":
            cand = [n for n in t.indexes if n not in self.itouched]
            if not cand:
                return None
            n = r.choice(cand)
            new = self.freshindex(t, "ix_" + n[:30])
            t.indexes[new] = t.indexes.pop(n)
            self.itouched.update((n, new))
            return "RENAME %s %s TO %s" % (r.choice(["INDEX", "KEY"]), self.q(t, n), self.q(t, new))
        if k == "addchk":
            e = self.check_elem(t, exclude=self.touched)
            return ("ADD " + e) if e else None
        if k == "dropchk":
            if not t.checks:
                return None
            n = r.choice(sorted(t.checks))
            del t.checks[n]
            return r.choice(["DROP CONSTRAINT ", "DROP CONSTRAINT IF EXISTS "]) + self.q(t, n)
        if k == "opts":
            o = self.table_options(t, False).strip()
            return o.replace(" ", ", ") if o and "COMMENT" not in o else (o or None)
        return None

    def redefine(self, t, k):
        r = self.r
        frozen = t.frozen() | self.touched
        cand = [c for c in t.cols if c.name not in frozen]
        if not cand:
            return None
        c = r.choice(cand)
        self.touched.add(c.name)
        indexed = c.name in t.indexed()
        if indexed:
            # keep what the keys need: the same type, NOT NULL for key parts
            n = Col(c.name, c.fam, c.typ, c.size, c.nullable, c.unsigned, c.prec)
            if c.fam == "int" and r.random() < 0.5 and "bigint" not in c.typ:
                n.typ = "bigint" + (" unsigned" if c.unsigned else "")
        else:
            n = self.coltype(t)
            if n.fam == "geo" and (t.engine == "Aria" or t.partition):
                n = self.coltype(t, "varchar")
            n.name = c.name
        newname = c.name
        if k == "change" and (not indexed or r.random() < 0.5):
            newname = self.newname(t) if r.random() < 0.7 else c.name
        n.name = newname
        self.touched.add(newname)
        if t.row_width() - c.width() + n.width() > 40000:
            n = Col(newname, c.fam, c.typ, c.size, c.nullable, c.unsigned, c.prec)
        must_notnull = c.name in t.pk or any(kind == "spatial" and c.name in cols for kind, cols in t.indexes.values())
        d = self.coldef(t, n, notnull=must_notnull)
        idx = t.cols.index(c)
        t.cols[idx] = n
        if newname != c.name:
            for kname, (kind, cols) in t.indexes.items():
                t.indexes[kname] = (kind, [newname if x == c.name else x for x in cols])
            t.pk = [newname if x == c.name else x for x in t.pk]
        pos = self.position(t) if r.random() < 0.3 else ""
        if k == "change":
            return "CHANGE %s%s %s%s" % (r.choice(["COLUMN ", ""]), self.q(t, c.name), d, pos)
        return "MODIFY %s%s%s" % (r.choice(["COLUMN ", ""]), d, pos)

    def partition_op(self, t):
        r = self.r
        kind = t.partition[0]
        if r.random() < 0.15:
            t.partition = None
            return "REMOVE PARTITIONING"
        if kind in ("hash", "key"):
            n = t.partition[1]
            if n > 2 and r.random() < 0.5:
                t.partition = (kind, n - 1)
                return "COALESCE PARTITION 1"
            t.partition = (kind, n + 2)
            return "ADD PARTITION PARTITIONS 2"
        names = t.partition[1]
        if len(names) > 2:
            victim = names[0]
            t.partition = ("range", names[1:])
            return "DROP PARTITION " + victim
        t.partition = None
        return "REMOVE PARTITIONING"

    def engine_change(self, t):
        if t.fk_cols or t.referenced or t.partition:
            return "ENGINE=%s" % t.engine
        e = self.r.choice(["InnoDB", "InnoDB", "MyISAM"])
        if e == "MyISAM" and any(c.fam == "geo" for c in t.cols) and t.engine != "MyISAM":
            e = "InnoDB"
        t.engine = e
        return "ENGINE=" + e

    def convert(self, t):
        cs, coll = self.r.choice(CHARSETS[:3])
        # the key length of converted string keys stays under the limit: every string key
        # part is at most 64 characters (or prefixed) by construction
        return "CONVERT TO CHARACTER SET %s COLLATE %s" % (cs, coll)

    def pk_change(self, t):
        r = self.r
        if t.partition or t.referenced:
            return None
        autos = [c.name for c in t.cols if c.auto]
        specs = []
        if t.pk:
            if set(autos) & set(t.pk):
                return None
            specs.append("DROP PRIMARY KEY")
            t.pk = []
        cand = [c for c in t.cols if c.fam in ("int", "char", "date", "uuid") and not c.gen
                and not c.nullable and c.name not in t.fk_cols]
        if cand and r.random() < 0.8:
            cols = r.sample(cand, min(len(cand), r.choice([1, 1, 2])))
            t.pk = [c.name for c in cols]
            specs.append("ADD PRIMARY KEY (%s)" % ", ".join(self.q(t, c.name) for c in cols))
        return specs or None

    def fk_add(self, t):
        if t.engine != "InnoDB" or t.partition or len(t.cols) >= 40:
            return None
        parents = [p for p in self.tables[-500:] if self.fk_target(p)]
        if not parents:
            return None
        p = self.r.choice(parents)
        col, key, con = self.fk_column(t, p)
        return ["ADD COLUMN " + col, "ADD " + key, "ADD " + con]

    def index_only(self, t):
        specs = []
        for _ in range(self.r.randint(1, 3)):
            if len(t.indexes) >= 20:
                break
            e = self.index_elem(t, kinds=["key", "key", "unique"])
            if e:
                specs.append("ADD " + e)
        if specs and t.engine == "InnoDB" and self.r.random() < 0.3:
            specs.append("ALGORITHM=INPLACE, LOCK=NONE")
        return specs or None

    # ---- other statements ----------------------------------------------------
    def rename_table(self):
        r = self.r
        pairs = []
        used = set()
        if r.random() < 0.3:
            # the swap of online schema change tools: t -> _t_old, _t_new -> t
            t = r.choice(self.tables[-3000:])
            cur = self.qt(t)
            self.create_like(t)
            new = self.tables[-1]
            oldname = t.name
            del self.byname[(t.schema, t.name)]
            del self.byname[(new.schema, new.name)]
            t.name = "_%s_old" % oldname[:50]
            if (t.schema, t.name) in self.byname:
                t.name = "_%s_old%d" % (oldname[:40], self.ntab)
            newcur = self.qt(new)
            new.name = oldname
            self.byname[(t.schema, t.name)] = t
            self.byname[(new.schema, new.name)] = new
            self.emit("RENAME TABLE %s TO %s, %s TO %s" % (cur, self.qt(t), newcur, self.qt(new)), False)
            return
        for _ in range(r.randint(1, 3)):
            t = r.choice(self.tables[-3000:])
            if id(t) in used:
                continue
            used.add(id(t))
            old, spec = self.rename_to(t)
            pairs.append("%s TO %s" % (old, self.qt(t) if t.schema == "xb_main" else
                                       self.q(t, t.schema) + "." + self.q(t, t.name)))
        self.emit("RENAME TABLE " + ", ".join(pairs), False)

    def create_index(self):
        t = self.r.choice(self.tables[-3000:])
        if len(t.indexes) >= 20:
            return
        e = self.index_elem(t, kinds=["key", "unique", "fulltext"], pieces=True)
        if not e:
            return
        head, name, cols, tail = e
        self.emit("CREATE %sINDEX %s ON %s (%s)%s" % (head, name, self.qt(t), cols, tail), False)

    def drop_index(self):
        t = self.r.choice(self.tables[-3000:])
        cand = [n for n, (kind, cols) in t.indexes.items() if not (set(cols) & t.fk_cols)]
        if not cand:
            return
        n = self.r.choice(cand)
        del t.indexes[n]
        self.emit("DROP INDEX %s ON %s" % (self.q(t, n), self.qt(t)), False)

    def emit(self, stmt, counted):
        assert ";\n" not in stmt
        self.out.append(stmt + ";\n")
        if counted:
            self.count += 1

    def run(self, n, w):
        self.count = 0
        w.write("-- bench/translate dump: generated by bench/xlate/gen.py, deterministic\n"
                "/*!40101 SET NAMES utf8mb4 */;\n"
                "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
                "CREATE DATABASE IF NOT EXISTS `xb_main` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n"
                "CREATE DATABASE IF NOT EXISTS `xb_arch`;\n"
                "USE `xb_main`;\n")
        for _ in range(20):
            self.create()
        while self.count < n:
            x = self.r.random()
            if x < 0.33:
                self.create()
            elif x < 0.955:
                self.alter()
            elif x < 0.975:
                self.rename_table()
            elif x < 0.99:
                self.create_index()
            else:
                self.drop_index()
            if len(self.out) > 1000:
                w.write("".join(self.out))
                self.out = []
        w.write("".join(self.out))
        self.out = []


def main():
    ap = argparse.ArgumentParser(description="bench/translate's MySQL dump generator")
    ap.add_argument("-n", type=int, default=100000, help="CREATE/ALTER TABLE statements (at least)")
    ap.add_argument("-s", type=int, default=1, help="seed")
    a = ap.parse_args()
    Gen(a.s).run(a.n, sys.stdout)


if __name__ == "__main__":
    main()
