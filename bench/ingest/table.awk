#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
#
# The RESULT lines of bench/ingest/run.sh as tables, one per run, family
# and prefix count, the daemons in the order they ran; the ratios are to
# dpubgpd's figures of the same table (above 1: more routes/s, or more
# bytes per route, than dpubgpd).

function kv(    i, f) {
	delete v
	for (i = 3; i <= NF; i++) {
		split($i, f, "=")
		v[f[1]] = f[2]
	}
}

$1 == "RESULT" && $2 == "host" { print "# " substr($0, 13) }
$1 == "RESULT" && $2 == "skip" { kv(); print "# skipped (not installed): " v["dut"] }
$1 == "RESULT" && $2 == "ingest" {
	kv()
	key = v["run"] SUBSEP v["family"] SUBSEP v["prefixes"]
	if (!(key in seen)) {
		seen[key] = 1
		order[++ntables] = key
		title[key] = sprintf("run %d, IPv%s, %d prefixes", v["run"], v["family"], v["prefixes"])
	}
	i = ++nrows[key]
	name[key, i] = v["dut"]
	ok[key, i] = v["status"] == "ok"
	# A timeout: N took longer than the time waited (an upper bound on
	# routes/s; the memory is not settled, so not given).
	timeout[key, i] = v["status"] == "timeout" && v["seconds"] > 0
	status[key, i] = v["status"]
	held[key, i] = v["held"]
	if (ok[key, i] || timeout[key, i])
		rate[key, i] = v["prefixes"] / v["seconds"]
	if (ok[key, i]) {
		bytes[key, i] = (v["rss_after_kb"] - v["rss_before_kb"]) * 1024 / v["prefixes"]
		if (v["dut"] == "dpubgpd") {
			ref_rate[key] = rate[key, i]
			ref_bytes[key] = bytes[key, i]
		}
	}
	cpu[key, i] = sprintf("%s | %s | %s", v["dut_cpu"], v["inject_cpu"], v["monitor_cpu"])
	per_cpu[key, i] = v["dut_cpu"] > 0 ? sprintf("%.0f", v["prefixes"] / v["dut_cpu"]) : "-"
	comm[key, i] = v["with_communities"]
}

function ratio(x, ref) {
	return ref > 0 ? sprintf("%.2f", x / ref) : "-"
}

END {
	for (t = 1; t <= ntables; t++) {
		key = order[t]
		print ""
		print title[key]
		print "| daemon | routes/s | bytes/route | routes/s vs dpubgpd | bytes/route vs dpubgpd | routes/CPU s | daemon CPU s | injector CPU s | monitor CPU s | with communities |"
		print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
		for (i = 1; i <= nrows[key]; i++) {
			if (ok[key, i])
				printf "| %s | %.0f | %.0f | %s | %s | %s | %s | %s |\n",
					name[key, i], rate[key, i], bytes[key, i],
					ratio(rate[key, i], ref_rate[key]),
					ratio(bytes[key, i], ref_bytes[key]),
					per_cpu[key, i], cpu[key, i], comm[key, i]
			else if (timeout[key, i])
				printf "| %s | < %.0f (timeout, %d held) | - | < %s | - | - | %s | - |\n",
					name[key, i], rate[key, i], held[key, i],
					ratio(rate[key, i], ref_rate[key]), cpu[key, i]
			else
				printf "| %s | %s | - | - | - | - | %s | - |\n",
					name[key, i], status[key, i], cpu[key, i]
		}
	}
}
