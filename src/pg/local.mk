# pg area: sources go into libchm.a
