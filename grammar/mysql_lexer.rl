/* Placeholder scanner: wires the ragel build rules until the real one lands. */
#include <stddef.h>

int chm_lex_placeholder(const char *p, const char *pe);

%%{
	machine placeholder;
	main := ( [a-z]+ @{ n++; } | space )*;
	write data;
}%%

int
chm_lex_placeholder(const char *p, const char *pe)
{
	int cs, n = 0;
	%% write init;
	%% write exec;
	(void) placeholder_en_main;
	return cs >= placeholder_first_final ? n : -1;
}
