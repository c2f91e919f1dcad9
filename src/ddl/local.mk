# ddl area: sources go into libchm.a
