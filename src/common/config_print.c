/*
 * config_print.c — show-config: prints a loaded Config as YAML, every key
 * of the tables in config_keys.c with its effective value, defaults
 * included and non-empty passwords masked, so that the output loads again.
 *
 * This file is not where the file is read or checked (config.c,
 * config_yaml.c); it only prints what a successful load produced.
 */
#include "common/config_int.h"

#include <stdint.h>
#include <stdio.h>

/* ---- printing ---- */

/* A YAML double-quoted string: always quoted, so "yes" or "0123" stay strings. */
static void
print_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c == '\n')
			fputs("\\n", out);
		else if (*c == '\t')
			fputs("\\t", out);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(out, "\\x%02x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

static void
print_size(FILE *out, int64_t v)
{
	static const char units[] = "kMGT";
	int u = -1;

	while (u < 3 && v != 0 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u >= 0)
		fprintf(out, "%lld%c", (long long)v, units[u]);
	else
		fprintf(out, "%lld", (long long)v);
}

static void
print_section(FILE *out, const Section *sec, const void *base, int indent)
{
	for (const KeyDef *k = sec->keys; k->name != NULL; k++) {
		const void *field = CFIELD(base, k->offset, void);

		if (k->flags & KEY_IGNORED)
			continue;
		fprintf(out, "%*s%s:", indent, "", k->name);
		switch (k->type) {
		case KT_STRING:
		case KT_PATH:
		case KT_WORD: {
			const char *s = *(char *const *)field;
			fputc(' ', out);
			if (s == NULL)
				fputs("~", out);
			else if ((k->flags & KEY_SECRET) && s[0] != '\0')
				fputs("\"********\"", out);
			else
				print_quoted(out, s);
			fputc('\n', out);
			break;
		}
		case KT_INT:
			fprintf(out, " %d\n", *(const int *)field);
			break;
		case KT_BOOL:
			fprintf(out, " %s\n", *(const bool *)field ? "true" : "false");
			break;
		case KT_SIZE:
			fputc(' ', out);
			print_size(out, *(const int64_t *)field);
			fputc('\n', out);
			break;
		case KT_ENUM:
			fprintf(out, " %s\n", cfg_choice_name(k->choices, *(const int *)field));
			break;
		case KT_LIST: {
			const StrList *l = field;
			if (l->n == 0)
				fputs(" []", out);
			for (int i = 0; i < l->n; i++) {
				fprintf(out, "\n%*s- ", indent + 2, "");
				print_quoted(out, l->items[i]);
			}
			fputc('\n', out);
			break;
		}
		case KT_MAP: {
			const StrMap *m = field;
			if (m->n == 0)
				fputs(" {}", out);
			for (int i = 0; i < m->n; i++) {
				fprintf(out, "\n%*s", indent + 2, "");
				print_quoted(out, m->keys[i]);
				fputs(": ", out);
				print_quoted(out, m->values[i]);
			}
			fputc('\n', out);
			break;
		}
		case KT_SECTION:
			fputc('\n', out);
			print_section(out, k->sub, field, indent + 2);
			break;
		case KT_NAMED: {
			const char *array = get_array(base, k->offset);
			int n = *CFIELD(base, k->count_offset, int);
			fputs(n == 0 ? " {}\n" : "\n", out);
			for (int i = 0; i < n; i++) {
				const void *elem = array + (size_t)i * k->sub->elem_size;
				fprintf(out, "%*s", indent + 2, "");
				print_quoted(out, *CFIELD(elem, k->sub->name_offset, char *));
				fputs(":\n", out);
				print_section(out, k->sub, elem, indent + 4);
			}
			break;
		}
		}
	}
}

void
config_print(const Config *cfg, FILE *out)
{
	fputs("---\n# chameleon: the effective configuration of ", out);
	print_quoted(out, cfg->path ? cfg->path : "");
	fputs("\n# (defaults included, passwords masked)\n", out);
	print_section(out, &cfg_top_section, cfg, 0);
}
