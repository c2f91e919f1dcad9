# mysql area: sources go into libchm.a
