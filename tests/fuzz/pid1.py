#!/usr/bin/env python3
# SPDX-License-Identifier: 0BSD
"""The PID-1 fuzz (make fuzz-pid1; docs/SECURITY.md): for BUDGET seconds,
the ASan+UBSan host build of hupbox (build/host-asan/hupbox) runs as init,
PID 1 of a new PID and mount namespace, on a mutated inittab; then a HUP
reloads another mutation, then a shutdown signal (TERM, USR1, USR2, PWR)
ends it.  Fails on a sanitizer report, on init exiting before the
shutdown signal, on a HUP not answered within 30 s and on a shutdown not
done within 60 s.  The failing pair is kept in tests/fuzz/regress/pid1/
(boot text, "#fuzz: reload", reload text: the inittab harness's format,
which tests/fuzz.test replays through the parser), init's output in
build/fuzz/pid1-*.out.

The inittabs come from tests/fuzz/inittab/, tests/fuzz/regress/ and what
the libFuzzer inittab harness kept (build/fuzz/corpus/inittab/), mutated
by lines and by bytes here.  Nothing of them is run as written: every
command is replaced by a harmless one (busybox true, false, sleep, sh,
kill of itself), long-running ones only on respawn, askfirst and once
lines; grace= and stop= are cut to 1 s and min=/max= raised to 0.05 s, so
that a fuzzed table cannot stall the run.  init runs chrooted in a
scratch root whose /usr is the host's, read-only, whose /dev holds only
/dev/null under tty names, so a fuzzed id field opens nothing real.

Usage (from the source tree, as root):
  tests/fuzz/pid1.py BUDGET           fuzz for BUDGET seconds
  tests/fuzz/pid1.py BUDGET FILE...   run each kept case once, as it failed
FUZZ_SEED=N repeats a fuzz run's choices; FUZZ_KEEP=1 leaves a hung init
running for a look.
"""
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MARK = b"#fuzz: reload\n"
SHORT = [b"/bin/true", b"/bin/false", b"/bin/sleep 0.1", b"echo hi",
         b"/bin/sh -c 'exit 3'", b"/nonexistent/prog", b"kill -TERM $$",
         b"sleep 0.2 & true", b"sleep 0.05"]
LONG = [b"/bin/sleep 30", b"/bin/sh -c 'trap \"\" TERM; sleep 30'", b"sleep 1"]
LONG_OK = {b"respawn", b"askfirst", b"once"}
TTYS = ["null", "console", "tty", "tty0", "tty1", "tty2", "tty3", "tty4",
        "tty5", "ttyS0", "ttyS1", "ttyS2", "hvc0"]
SANITIZER = re.compile(rb"AddressSanitizer|runtime error|UndefinedBehaviorSanitizer|LeakSanitizer")


def clamp(m):
    """One key=value of a runlevels field or a #hupbox: line."""
    key, val = m.group(1), m.group(2)
    try:
        v = float(val)
    except ValueError:
        return m.group(0)
    if key in (b"grace", b"stop") and v > 1:
        val = b"1"
    elif key in (b"min", b"max") and v < 0.05:
        val = b"0.05"
    return key + b"=" + val


def settings(text):
    return re.sub(rb"\b(grace|stop|min|max)=([^\s,:]*)", clamp, text)


def sanitize(text, rnd):
    out = []
    for line in text.split(b"\n"):
        body = line.lstrip(b" \t")
        if body.startswith(b"#hupbox:"):
            out.append(settings(line))
            continue
        f = line.split(b":", 3)
        if len(f) < 4:
            out.append(line)
            continue
        cmd = rnd.choice(SHORT + (LONG if f[2] in LONG_OK else []))
        if f[3].lstrip(b" \t").startswith(b"-"):
            cmd = b"-" + cmd
        out.append(b":".join([f[0], settings(f[1]), f[2], cmd]))
    return b"\n".join(out)


def mutate(text, pool, rnd):
    lines = text.split(b"\n")
    for _ in range(rnd.randint(0, 4)):
        op = rnd.randrange(6)
        other = rnd.choice(pool).split(b"\n")
        i = rnd.randrange(len(lines))
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, rnd.choice(other))
        elif op == 2:
            lines[i:i] = [lines[i]] * rnd.randint(1, 40)
        elif op == 3:
            lines[i] = b"#hupbox: " + rnd.choice([b"grace=0.2", b"max=0.5", b"stop=0.1",
                                                  b"starts=2 window=1 park=0.5", b"sig=KILL",
                                                  b"sig=STOP", b"sig=HUP min=0"])
        elif op == 4 and lines[i]:
            b = bytearray(lines[i])
            for _ in range(rnd.randint(1, 3)):
                b[rnd.randrange(len(b))] = rnd.choice(b":,=-#/ \t0123456789x\x00\xff")
            lines[i] = bytes(b)
        elif op == 5:
            lines[i] = b"%s:%s:%s:x" % (rnd.choice([b"", b"tty1", b"ttyS0", b"/dev/null", b"../tmp/x",
                                                     b"console", b"x" * 31]),
                                         rnd.choice([b"", b"min=0.1", b"2,3,sig=INT", b"starts=0"]),
                                         rnd.choice([b"respawn", b"askfirst", b"once", b"wait",
                                                     b"sysinit", b"shutdown", b"ctrlaltdel"]))
    return b"\n".join(lines)


def halves(text):
    i = text.find(b"\n" + MARK)
    if text.startswith(MARK):
        return b"", text[len(MARK):]
    if i < 0:
        return text, None
    return text[:i + 1], text[i + 1 + len(MARK):]


def make_root(top, hupbox):
    root = os.path.join(top, "root")
    for d in ("bin", "etc", "tmp", "dev", "proc", "usr"):
        os.makedirs(os.path.join(root, d))
    for link in ("lib", "lib64", "sbin"):
        os.symlink("usr/" + link, os.path.join(root, link))
    shutil.copy("/bin/busybox", os.path.join(root, "bin/busybox"))
    for a in ("sh", "true", "false", "sleep", "echo", "kill"):
        os.symlink("busybox", os.path.join(root, "bin", a))
    shutil.copy(hupbox, os.path.join(root, "bin/hupbox"))
    os.symlink("hupbox", os.path.join(root, "bin/init"))
    for t in TTYS:
        open(os.path.join(root, "dev", t), "w").close()
    return root


SETUP = r'''
R=$0
PATH=$1
mount --bind /usr "$R/usr" && mount -o remount,bind,ro "$R/usr" &&
mount -t proc proc "$R/proc" || exit 99
for t in '''+" ".join(TTYS)+r'''; do mount --bind /dev/null "$R/dev/$t" || exit 99; done
PATH=/bin exec "$2" "$R" /bin/init -f /etc/inittab
'''


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def wait_for(pred, secs):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return pred()


def one(root, boot, reload, rnd, log):
    etc = os.path.join(root, "etc")
    with open(os.path.join(etc, "inittab"), "wb") as f:
        f.write(boot)
    env = {"PATH": "/bin", "HOME": "/", "TERM": "vt102",
           "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0:halt_on_error=1",
           "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}
    with open(log, "wb") as out:
        p = subprocess.Popen(["unshare", "-fpm", "--propagation", "private",
                              "sh", "-c", SETUP, root, os.environ["PATH"],
                              shutil.which("chroot")],
                             stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env)

    def text():
        with open(log, "rb") as f:
            return f.read()

    events = []

    def fail(why):
        if p.poll() is None and os.environ.get("FUZZ_KEEP"):
            print("pid1: left running: unshare %d, init %s, root %s" %
                  (p.pid, children(p.pid), root))
        else:
            if p.poll() is None:
                for c in children(p.pid):
                    os.kill(c, signal.SIGKILL)
                p.kill()
            p.wait()
        return "%s (signals sent: %s)" % (why, " ".join(events) or "none")

    if not wait_for(lambda: b" started" in text() or p.poll() is not None, 20):
        return fail("init did not start within 20 s")
    if p.poll() is not None:
        if p.returncode == 99:
            sys.exit("pid1: cannot set up the namespace's root (see %s)" % log)
        return fail("init exited (%d) at start" % p.returncode)
    ip = children(p.pid)[0]

    def send(sig):
        events.append(signal.Signals(sig).name)
        os.kill(ip, sig)

    time.sleep(rnd.choice([0, 0.05, 0.2, 0.5]))
    for sig in rnd.sample([signal.SIGTSTP, signal.SIGCONT, signal.SIGINT], rnd.randint(0, 2)):
        send(sig)
    tmp = os.path.join(etc, "inittab.new")
    with open(tmp, "wb") as f:
        f.write(reload)
    os.rename(tmp, os.path.join(etc, "inittab"))
    send(signal.SIGHUP)
    if not wait_for(lambda: b"reloaded /etc/inittab" in text() or p.poll() is not None, 30):
        return fail("no reload within 30 s of the HUP")
    if p.poll() is not None:
        return fail("init exited (%d) before the shutdown signal" % p.returncode)
    time.sleep(rnd.choice([0, 0.05, 0.3]))
    send(signal.SIGCONT)
    send(rnd.choice([signal.SIGTERM, signal.SIGUSR1, signal.SIGUSR2, signal.SIGPWR]))
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        return fail("no shutdown within 60 s of the signal")
    if SANITIZER.search(text()):
        return fail("a sanitizer report")
    return None


def main():
    budget = float(sys.argv[1])
    hupbox = "build/host-asan/hupbox"
    if os.getuid() != 0 or subprocess.call(["unshare", "-fpm", "true"]) != 0:
        print("pid1: skipped: needs root and unshare -fpm (PID and mount namespaces)")
        return 0
    if not os.access(hupbox, os.X_OK):
        sys.exit("pid1: no %s (make TARGET=host O=build/host-asan "
                 "DEFCONFIG=config/host-asan_defconfig)" % hupbox)
    pool = []
    for d in ("tests/fuzz/inittab", "tests/fuzz/regress/inittab", "tests/fuzz/regress/pid1",
              "build/fuzz/corpus/inittab"):
        if os.path.isdir(d):
            for n in sorted(os.listdir(d)):
                with open(os.path.join(d, n), "rb") as f:
                    pool.append(f.read())
    seed = int(os.environ.get("FUZZ_SEED", time.time()))
    rnd = random.Random(seed)
    print("pid1: for %gs, %d inittabs to mutate, FUZZ_SEED=%d" % (budget, len(pool), seed))
    top = tempfile.mkdtemp(prefix="hupbox-pid1.")
    root = make_root(top, hupbox)
    log = os.path.join(top, "out")
    end = time.monotonic() + budget
    runs = 0
    replay = sys.argv[2:]
    try:
        while time.monotonic() < end:
            if replay:
                with open(replay.pop(0), "rb") as f:
                    boot, reload = halves(f.read())
                why = one(root, boot, reload, random.Random(boot + MARK + reload), log)
                runs += 1
                if why:
                    print("pid1: %s FAILED: %s" % (sys.argv[2 + runs - 1], why))
                    return 1
                if not replay:
                    break
                continue
            boot, reload = halves(rnd.choice(pool))
            if reload is None:
                reload = halves(rnd.choice(pool))[0]
            boot = sanitize(mutate(boot, pool, rnd), rnd)
            reload = sanitize(mutate(reload, pool, rnd), rnd)
            case = boot + (b"" if boot.endswith(b"\n") else b"\n") + MARK + reload
            why = one(root, boot, reload, random.Random(case), log)
            runs += 1
            if why:
                name = hashlib.sha1(case).hexdigest()[:16]
                os.makedirs("tests/fuzz/regress/pid1", exist_ok=True)
                with open("tests/fuzz/regress/pid1/" + name, "wb") as f:
                    f.write(case)
                shutil.copy(log, "build/fuzz/pid1-%s.out" % name)
                print("pid1: FAILED after %d runs: %s" % (runs, why))
                print("pid1: kept tests/fuzz/regress/pid1/%s, init's output in "
                      "build/fuzz/pid1-%s.out" % (name, name))
                with open(log, "rb") as f:
                    for l in f.read().split(b"\n"):
                        if SANITIZER.search(l) or l.startswith(b"    #"):
                            print(l.decode(errors="replace"))
                if os.environ.get("FUZZ_KEEP"):
                    os._exit(1)
                return 1
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print("pid1: clean, %d runs" % runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
