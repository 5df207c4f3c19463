// SPDX-License-Identifier: GPL-2.0
/*
 * floor-init.c - the init of bench/labs.sh's floor: a bare boot of the
 * lab kernel that prints one line and powers off, the least any VM lab
 * can cost.  Built static, packed alone into an initramfs.
 */
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	static const char up[] = "=== memdrill floor up\n";

	if (write(1, up, sizeof(up) - 1) < 0)
		return 1;
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
