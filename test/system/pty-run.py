#!/usr/bin/env python3
# Drives a command on a real pseudo-terminal for the TTY system tests.
#   pty-run.py '{"argv": [...], "rows": 24, "cols": 80, "steps": [...]}'
# steps: {"expect": "text", "timeout": s} waits until the output contains text (after the last
# match); {"send": "text"} types it ("\u0010" etc. for control keys); {"resize": [rows, cols]}
# sets the window size and sends SIGWINCH; {"sleep": s}.
# Prints one JSON line: {"output": "...", "exit": N, "timedOut": bool}.
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execv(spec["argv"][0], spec["argv"])

def winsz(rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

winsz(spec.get("rows", 24), spec.get("cols", 80))
out = b""
mark = 0
eof = False

def pump(seconds, until=None):
    global out, eof
    end = time.time() + seconds
    while time.time() < end and not eof:
        if until is not None and out.find(until, mark) >= 0:
            return True
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                d = b""
            if not d:
                eof = True
            out += d
    return until is not None and out.find(until, mark) >= 0

timed_out = False
for step in spec.get("steps", []):
    if "expect" in step:
        want = step["expect"].encode()
        if not pump(step.get("timeout", 20), want):
            timed_out = True
            break
        mark = out.find(want, mark) + len(want)
    elif "send" in step:
        os.write(fd, step["send"].encode())
    elif "resize" in step:
        winsz(*step["resize"])
        os.kill(pid, signal.SIGWINCH)
    elif "sleep" in step:
        pump(step["sleep"])

deadline = time.time() + spec.get("exitTimeout", 20)
status = None
while time.time() < deadline:
    pump(0.05)
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        break
if status is None:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    timed_out = True
pump(0.2)
code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
print(json.dumps({"output": out.decode("utf-8", "replace"), "exit": code, "timedOut": timed_out}))
