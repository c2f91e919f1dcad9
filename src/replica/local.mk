# replica area: sources go into libchm.a
