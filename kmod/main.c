// SPDX-License-Identifier: GPL-2.0

#include "bench.h"
#include "hooks.h"
#include "lpm.h"
#include "netlink.h"
#include "netns.h"
#include "route.h"

#include <linux/dpubgp.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>

/* The port tables and their netdevice notifier come before the hooks that
 * read them and the family that fills them, so that no port can exist
 * without the notifier following its device. The self-test and the
 * benchmark are in the test variant only (see Kbuild), and run there when
 * their module parameters say so.
 */
static int __init dpubgp_init(void)
{
	int err;

	err = dpubgp_lpm_init();
	if (err)
		goto err_lpm;

	err = dpubgp_lpm_selftest();
	if (err)
		goto err_selftest;

	err = dpubgp_route_init();
	if (err)
		goto err_route;

	err = dpubgp_netns_init();
	if (err)
		goto err_netns;

	err = dpubgp_hooks_init();
	if (err)
		goto err_hooks;

	err = dpubgp_genl_init();
	if (err)
		goto err_genl;

	dpubgp_bench_init();
	return 0;

err_genl:
	dpubgp_hooks_exit();
err_hooks:
	dpubgp_netns_exit();
err_netns:
	dpubgp_route_exit();
err_route:
err_selftest:
	rcu_barrier();
	dpubgp_lpm_exit();
err_lpm:
	return err;
}

static void __exit dpubgp_exit(void)
{
	dpubgp_bench_exit();
	dpubgp_genl_exit();
	dpubgp_hooks_exit();
	dpubgp_netns_exit();
	/* Let RCU callbacks queued during teardown run before the text and
	 * the route and node caches go.
	 */
	rcu_barrier();
	dpubgp_route_exit();
	dpubgp_lpm_exit();
}

module_init(dpubgp_init);
module_exit(dpubgp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DPU tenant-facing BGP edge: port prefix filter and VRF leak");
MODULE_AUTHOR("dpubgp developers");
MODULE_ALIAS_GENL_FAMILY(DPUBGP_GENL_NAME);
