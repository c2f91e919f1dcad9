# embed_sql.awk — turns the catalog's SQL scripts into one C file, so the
# binary carries every catalog version and upgrade step and never depends on
# where (or whether) sql/ was installed.  Run from the source directory with
# the scripts' paths (sql/...) as arguments; writes C on stdout.
BEGIN {
	n = 0
	print "/* Generated from sql/ by src/pg/embed_sql.awk: do not edit, do not commit. */"
	print "#include \"pg/sql_scripts.h\""
}
FNR == 1 {
	if (n > 0)
		print ";"
	name = FILENAME
	sub(/^sql\//, "", name)
	names[n] = name
	printf "static const char sql_%d[] =\n", n
	n++
}
{
	gsub(/\\/, "\\\\")
	gsub(/"/, "\\\"")
	gsub(/\t/, "\\t")
	printf "\t\"%s\\n\"\n", $0
}
END {
	if (n > 0)
		print ";"
	print "const SqlScript chm_sql_scripts[] = {"
	for (i = 0; i < n; i++)
		printf "\t{\"%s\", sql_%d},\n", names[i], i
	print "\t{0, 0},"
	print "};"
}
