/* Being written: see config.h for the contract. */
#include "common/config.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"

int
config_load(const char *path, Config **out)
{
	(void) out;
	chm_log(LOG_ERROR, "could not read configuration file \"%s\": the reader is not built yet", path);
	return CHM_ENOTIMPL;
}

int
config_load_string(const char *text, const char *name, Config **out)
{
	(void) text;
	return config_load(name, out);
}

void
config_free(Config *cfg)
{
	free(cfg);
}

SourceConfig *
config_find_source(Config *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_sources; i++)
		if (strcmp(cfg->sources[i].name, name) == 0)
			return &cfg->sources[i];
	return NULL;
}

void
config_print(const Config *cfg, FILE *out)
{
	(void) cfg;
	(void) out;
}

char *
config_resolve_path(const char *arg)
{
	return chm_strdup(arg ? arg : "default");
}
