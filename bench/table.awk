#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
#
# The RESULT lines of bench/guest.sh as tables (see bench/README.md).

function kv(    i, f) {
	delete v
	for (i = 3; i <= NF; i++) {
		split($i, f, "=")
		v[f[1]] = f[2]
	}
}

$1 == "RESULT" && $2 == "kernel" { kv(); head = sprintf("kernel %s, %s vCPU (qemu TCG), %d MiB", v["release"], v["cpus"], v["mem_kb"] / 1024) }
$1 == "RESULT" && $2 == "run" { kv(); run = v["n"] }
$1 == "RESULT" && $2 == "lookup" {
	kv()
	lk[++nlk] = sprintf("| %d | IPv%s | %d | %d | %.0f | %.0f | %.2f |",
		run, v["family"], v["prefixes"], v["lookups"],
		v["lpm_ns"] / v["lookups"], v["fib_ns"] / v["lookups"],
		v["fib_ns"] / v["lpm_ns"])
}
$1 == "RESULT" && $2 == "load" {
	kv()
	ip = v["routes"] / v["ip_batch_s"]
	gb = v["routes"] / v["genl_batch_s"]
	gs = v["genl_single_s"] == "-" ? "-" : sprintf("%.0f", v["routes"] / v["genl_single_s"])
	ld[++nld] = sprintf("| %d | IPv%s | %d | %.0f | %.0f | %s | %.1f |",
		run, v["family"], v["routes"], ip, gb, gs, gb / ip)
}
$1 == "RESULT" && $2 == "install" {
	kv()
	ip = v["routes"] / v["ip_batch_s"]
	rb = v["routes"] / v["rtnl_batch_s"]
	gb = v["routes"] / v["genl_batch_s"]
	ins[++nin] = sprintf("| %d | IPv%s | %d | %.0f | %.0f | %.0f | %.1f | %.1f |",
		run, v["family"], v["routes"], ip, rb, gb, rb / ip, gb / ip)
	inskey[nin] = run SUBSEP v["family"] SUBSEP v["routes"]
	insip[nin] = ip
	insn[nin] = v["ip_installed"] ", " v["rtnl_installed"]
}
$1 == "RESULT" && $2 == "e2e" {
	kv()
	e2e[run, v["family"], v["routes"]] = v["routes"] / v["e2e_s"]
}
$1 == "RESULT" && $2 == "pps" {
	kv()
	pps[run, v["policy"]] += v["received"] / v["seconds"]
	sent[run, v["policy"]] += v["sent"] / v["seconds"]
	rounds[run, v["policy"]]++
	routes = v["routes"]
	if (!(run in seen)) { seen[run] = 1; runs[++nruns] = run }
}

END {
	print head
	print ""
	print "lookup: ns per lookup, addresses inside random stored prefixes"
	print "| run | family | prefixes | lookups | dpubgp LPM ns | FIB ns | FIB/LPM |"
	print "|---|---|---|---|---|---|---|"
	for (i = 1; i <= nlk; i++) print lk[i]
	print ""
	print "load: routes per second into the kernel, the same prefixes"
	print "| run | family | routes | ip -batch /s | genl batched /s | genl 1 per sendmsg /s | batched/ip |"
	print "|---|---|---|---|---|---|---|"
	for (i = 1; i <= nld; i++) print ld[i]
	print ""
	print "install: routes per second into VRF table 100 via a host on port t0, the same prefixes"
	print "| run | family | routes | ip -batch /s | dpubgpd rtnetlink batched /s | genl batched /s | rtnl/ip | genl/ip | dpubgpd end to end /s | e2e/ip | installed (ip, rtnl) |"
	print "|---|---|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= nin; i++) {
		k = inskey[i]
		if (k in e2e)
			e = sprintf("%.0f | %.2f", e2e[k], e2e[k] / insip[i])
		else
			e = "- | -"
		print ins[i] " " e " | " insn[i] " |"
	}
	print ""
	print "pps: UDP packets per second received behind the dpu namespace, " routes " tenant prefixes,"
	print "mean of the rounds (the two policies in turn)"
	print "| run | rounds | nftables + ip rule rx pps (sent) | dpubgp.ko rx pps (sent) | dpubgp/nft |"
	print "|---|---|---|---|---|"
	for (i = 1; i <= nruns; i++) {
		r = runs[i]
		k = rounds[r, "kernel"]
		d = rounds[r, "dpubgp"]
		printf("| %d | %d | %.0f (%.0f) | %.0f (%.0f) | %.2f |\n", r, k,
			pps[r, "kernel"] / k, sent[r, "kernel"] / k,
			pps[r, "dpubgp"] / d, sent[r, "dpubgp"] / d,
			pps[r, "kernel"] ? (pps[r, "dpubgp"] / d) / (pps[r, "kernel"] / k) : 0)
	}
}
