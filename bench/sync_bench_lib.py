#!/usr/bin/env python3
"""Helpers for bench/sync-bench.sh (stdlib only): Syncthing config, tree comparison, sums, tables.

  st-config XML MY_ID MY_NAME LISTEN_PORT GUI_PORT APIKEY PEER_ID PEER_NAME PEER_PORT FOLDER PATH WATCH_DELAY
  tree DIR                  sorted "path<TAB>size" lines of the regular files (markers and temp files left out)
  count DIR                 number of regular files as `tree` counts them
  sha DIR                   SHA-256 over every file's path and content (one line)
  json FILE PY-EXPR         evaluates PY-EXPR with j = the parsed JSON document, prints the result
  cpu PID...                utime+stime in seconds of these processes and their live descendants
  rss PID...                VmRSS in KiB of these processes and their live descendants
  hwm PID...                VmHWM (peak RSS since start or since reset-hwm) in KiB, summed the same way
  reset-hwm PID...          restarts the VmHWM count of these processes (writes 5 to /proc/PID/clear_refs)
  mutate DIR N SEED TMP     rewrites N of DIR's regular files (spread evenly) with new seeded bytes of
                            1-8 KB, each written in TMP (outside the folder) and renamed over the file
  sockbytes PORT...         bytes sent+received (kernel tcp_info) of established TCP sockets whose local
                            port is one of PORT (the accepting end of each peer connection)
  median                    median of the numbers on stdin
  table TSV                 markdown table of the results file
  gen-file PATH SIZE SEED   writes SIZE seeded random bytes
  edit MODE PATH SEED TMP   insert4k (at the start) | append4k, written to a file in TMP (outside the
                            folder, same file system) and renamed over PATH
"""
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

SKIP_NAMES = {".stfolder", ".stignore", ".stversions", ".chorusignore", ".chorus-folder", ".chorus-versions"}


def skipped(name):
    return name in SKIP_NAMES or name.startswith(".chorus-tmp.") or name.startswith(".syncthing.")


def walk(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not skipped(x)]
        for f in files:
            if skipped(f):
                continue
            p = os.path.join(d, f)
            try:
                st = os.lstat(p)
            except FileNotFoundError:  # the daemon renamed or removed it while we walked
                continue
            out.append((os.path.relpath(p, root), st.st_size))
    out.sort()
    return out


def st_config(xml, my_id, my_name, listen_port, gui_port, apikey, peer_id, peer_name, peer_port, folder, path,
              watch_delay):
    tree = ET.parse(xml)
    root = tree.getroot()
    opts = root.find("options")

    def setopt(name, value):
        e = opts.find(name)
        if e is None:
            e = ET.SubElement(opts, name)
        e.text = value

    setopt("listenAddress", "tcp://127.0.0.1:%s" % listen_port)
    for k, v in {"globalAnnounceEnabled": "false", "localAnnounceEnabled": "false", "relaysEnabled": "false",
                 "natEnabled": "false", "urAccepted": "-1", "urSeen": "3", "crashReportingEnabled": "false",
                 "autoUpgradeIntervalH": "0", "startBrowser": "false", "announceLANAddresses": "false",
                 "globalAnnounceServer": "", "stunServer": "", "urURL": "http://127.0.0.1:9/",
                 "releasesURL": "http://127.0.0.1:9/", "crashReportingURL": "http://127.0.0.1:9/",
                 "reconnectionIntervalS": "5", "setLowPriority": "false"}.items():
        setopt(k, v)
    # several <globalAnnounceServer>/<listenAddress> elements may exist: keep one of each
    for name in ("listenAddress", "globalAnnounceServer"):
        es = opts.findall(name)
        for e in es[1:]:
            opts.remove(e)
    gui = root.find("gui")
    gui.set("tls", "false")
    gui.find("address").text = "127.0.0.1:%s" % gui_port
    gui.find("apikey").text = apikey
    defaults = root.find("defaults")
    dev_tpl = defaults.find("device")
    fold_tpl = defaults.find("folder")
    for d in root.findall("device"):
        root.remove(d)
    for d in root.findall("folder"):
        root.remove(d)
    idx = list(root).index(gui)
    for i, (did, name, addr) in enumerate([(my_id, my_name, "dynamic"), (peer_id, peer_name,
                                                                         "tcp://127.0.0.1:%s" % peer_port)]):
        d = ET.fromstring(ET.tostring(dev_tpl))
        d.set("id", did)
        d.set("name", name)
        for a in d.findall("address"):
            d.remove(a)
        a = ET.SubElement(d, "address")
        a.text = addr
        root.insert(idx + i, d)
    f = ET.fromstring(ET.tostring(fold_tpl))
    f.set("id", folder)
    f.set("label", folder)
    f.set("path", path)
    f.set("rescanIntervalS", "86400")
    f.set("fsWatcherEnabled", "true")
    f.set("fsWatcherDelayS", str(watch_delay))
    for d in f.findall("device"):
        f.remove(d)
    for did in (my_id, peer_id):
        d = ET.Element("device", {"id": did, "introducedBy": ""})
        ET.SubElement(d, "encryptionPassword")
        f.insert(0, d)
    root.insert(idx, f)
    tree.write(xml)


def cpu(pids):
    tck = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in family(pids):
        try:
            with open("/proc/%d/stat" % p) as fh:
                s = fh.read()
            fields = s[s.rindex(")") + 2:].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / tck


def rss(pids, field="VmRSS:"):
    total = 0
    for p in family(pids):
        try:
            with open("/proc/%d/status" % p) as fh:
                for line in fh:
                    if line.startswith(field):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def reset_hwm(pids):
    for p in family(pids):
        try:
            with open("/proc/%d/clear_refs" % p, "w") as fh:
                fh.write("5")
        except OSError:
            pass


def mutate(root, n, seed, tmp):
    """Rewrites n files spread over the tree with new content (a user re-tagging part of a library)."""
    files = walk(root)
    r = random.Random(seed)
    step = max(1, len(files) // max(1, n))
    for i, (rel, _) in enumerate(files[::step][:n]):
        path = os.path.join(root, rel)
        t = os.path.join(tmp, ".mutate-%d" % i)
        with open(t, "wb") as fh:
            fh.write(r.randbytes(1024 + r.randrange(7 * 1024 + 1)))
        os.rename(t, path)


def family(pids):
    """The processes and all their descendants (Go programs fork from any thread, so read every ppid)."""
    parent = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as fh:
                    s = fh.read()
                parent[int(name)] = int(s[s.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                pass
    out = [int(p) for p in pids if p and int(p) in parent]
    grew = True
    while grew:
        grew = False
        for p, pp in parent.items():
            if pp in out and p not in out:
                out.append(p)
                grew = True
    return out


def sockbytes(ports):
    """Bytes both ways of each established TCP connection with an end on one of the ports, counted once per
    connection (Syncthing dials from its listen port, so both ends of a connection can match)."""
    ports = {str(p) for p in ports}
    out = subprocess.run(["ss", "-tinH", "state", "established"], capture_output=True, text=True).stdout
    seen = {}
    cur = None
    for line in out.splitlines():
        if not line.startswith((" ", "\t")):
            f = line.split()
            # established state filter: columns Recv-Q Send-Q Local Peer
            loc, peer = f[2], f[3]
            cur = None
            if loc.rsplit(":", 1)[1] in ports or peer.rsplit(":", 1)[1] in ports:
                cur = frozenset((loc, peer))
        elif cur is not None:
            m = re.search(r"bytes_sent:(\d+)", line)
            n = re.search(r"bytes_received:(\d+)", line)
            v = (int(m.group(1)) if m else 0) + (int(n.group(1)) if n else 0)
            seen[cur] = max(seen.get(cur, 0), v)
    return sum(seen.values())


# chorus targets (issue list), by a phrase of the figure's name
TARGETS = [("music tree to an empty peer", ">= 450 MB/s"), ("files of 1-8 KB (files/s)", ">= 2,800 files/s"),
           ("CPU seconds, both daemons, 3000 MB", "<= 12 CPU-s"), ("new 5 MB file", "<= 1 s"),
           ("inserted at the start", "<= 0.3 %"), ("appended", "<= 0.3 %"), ("move+rename", "<= 10.6 KB"),
           ("rename of a directory", "0 chunk bytes"), ("pre-seeded", "0 chunk bytes; <= one scan"),
           ("RSS of an idle daemon", "<= 89 MiB")]


def target(fig):
    for phrase, t in TARGETS:
        if phrase in fig:
            return t
    return ""


def table(tsv):
    rows = [l.rstrip("\n").split("\t") for l in open(tsv, encoding="utf-8") if l.strip()]
    # rows: figure, product, value, unit, runs(list)
    figs = []
    data = {}
    for fig, prod, value, unit, runs in rows:
        if fig not in figs:
            figs.append(fig)
        data[(fig, prod)] = (value, unit, runs)
    print("| figure | chorus (median) | Syncthing 1.19.2 (median) | chorus / Syncthing | chorus target | runs (chorus; Syncthing) |")
    print("|---|---|---|---|---|---|")
    for fig in figs:
        c = data.get((fig, "chorus"))
        s = data.get((fig, "syncthing"))
        ratio = "-"
        try:
            if c and s and float(s[0]) != 0:
                ratio = "%.2f" % (float(c[0]) / float(s[0]))
        except ValueError:
            pass
        fmt = lambda x: "-" if x is None else ("%s %s" % (x[0], x[1])).strip()
        print("| %s | %s | %s | %s | %s | %s; %s |" % (fig, fmt(c), fmt(s), ratio, target(fig), c[2] if c else "-",
                                                   s[2] if s else "-"))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "st-config":
        st_config(*args)
    elif cmd == "tree":
        for p, s in walk(args[0]):
            print("%s\t%d" % (p, s))
    elif cmd == "count":
        print(len(walk(args[0])))
    elif cmd == "sha":
        h = hashlib.sha256()
        for p, _ in walk(args[0]):
            h.update(p.encode("utf-8", "surrogateescape") + b"\0")
            with open(os.path.join(args[0], p), "rb") as fh:
                while True:
                    b = fh.read(1 << 20)
                    if not b:
                        break
                    h.update(b)
        print(h.hexdigest())
    elif cmd == "json":
        with open(args[0]) as fh:
            j = json.load(fh)
        print(eval(args[1], {"j": j}))
    elif cmd == "cpu":
        print("%.2f" % cpu(args))
    elif cmd == "rss":
        print(rss(args))
    elif cmd == "hwm":
        print(rss(args, "VmHWM:"))
    elif cmd == "reset-hwm":
        reset_hwm(args)
    elif cmd == "mutate":
        mutate(args[0], int(args[1]), int(args[2]), args[3])
    elif cmd == "sockbytes":
        print(sockbytes(args))
    elif cmd == "median":
        xs = [float(x) for x in sys.stdin.read().split()]
        m = statistics.median(xs) if xs else None
        print("n/a" if m is None else ("%d" % round(m) if abs(m) >= 1000 else "%.4g" % m))
    elif cmd == "table":
        table(args[0])
    elif cmd == "gen-file":
        path, size, seed = args[0], int(args[1]), int(args[2])
        r = random.Random(seed)
        with open(path, "wb") as fh:
            left = size
            while left > 0:
                n = min(left, 1 << 20)
                fh.write(r.randbytes(n))
                left -= n
    elif cmd == "edit":
        mode, path, seed = args[0], args[1], int(args[2])
        extra = random.Random(seed).randbytes(4096)
        tmp = os.path.join(args[3], ".edit-" + os.path.basename(path))
        with open(path, "rb") as fh:
            data = fh.read()
        st = os.stat(path)
        if mode == "insert4k":
            data = extra + data
        elif mode == "append4k":
            data = data + extra
        else:
            raise SystemExit("unknown edit " + mode)
        # the temp file lives outside the synced folder (next to it), then replaces the file atomically
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, st.st_mode & 0o7777)
        os.rename(tmp, path)
    else:
        raise SystemExit("unknown command " + cmd)


if __name__ == "__main__":
    main()
