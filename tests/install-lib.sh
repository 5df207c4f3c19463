# tests/install-lib.sh - sourced (after lib.sh) by the tests of an installed
# memdrill: stage `make install` in a scratch DESTDIR.

# stage_install DESTDIR [MAKE-ARGS...]: `make install PREFIX=/usr` into
# DESTDIR, from a copy of the tree's objects (build/) so only
# util/paths.o, which holds BINDIR and DATADIR, is rebuilt and the tree's
# own build and ./memdrill are left alone.  The objects copy is
# $TRASH/obj.
stage_install() {
	dest=$1
	shift
	mkdir -p "$TRASH/obj" &&
	(cd "$TEST_TOP/build" && cp -a cli tui engine core sim util lib*.a \
		paths.stamp "$TRASH/obj/") &&
	(unset MAKEFLAGS MFLAGS MAKELEVEL
	 make -s -C "$TEST_TOP" O="$TRASH/obj" DESTDIR="$dest" PREFIX=/usr \
		"$@" install)
}

# stage_uninstall DESTDIR: the matching `make uninstall`.
stage_uninstall() {
	(unset MAKEFLAGS MFLAGS MAKELEVEL
	 make -s -C "$TEST_TOP" O="$TRASH/obj" DESTDIR="$1" PREFIX=/usr \
		uninstall)
}

# data_state DIR: every file under DIR with its size, time and checksum,
# to show that running memdrill wrote nothing there.
data_state() {
	find "$1" -exec stat -c '%n %s %Y %a' {} + | sort &&
	find "$1" -type f -exec md5sum {} + | sort
}
