#!/bin/bash
# Used for bench/README.md "Peak memory": the command runs in the background, its stdout/stderr go to
# $RSS_OUT (default /tmp/peak-rss) .out/.err, and /proc/PID/status is sampled every 0.2 s.
# usage: bench/peak-rss.sh CMD... ; prints the largest RssAnon and RssFile (kB)
out=${RSS_OUT:-/tmp/peak-rss}
"$@" > "$out.out" 2> "$out.err" &
pid=$!
ma=0; mf=0
while kill -0 $pid 2>/dev/null; do
  a=$(awk '/RssAnon/{print $2}' /proc/$pid/status 2>/dev/null); f=$(awk '/RssFile/{print $2}' /proc/$pid/status 2>/dev/null)
  [ -n "$a" ] && [ "$a" -gt "$ma" ] && ma=$a; [ -n "$f" ] && [ "$f" -gt "$mf" ] && mf=$f
  sleep 0.2
done
wait $pid; echo "rc $? maxRssAnon ${ma} kB maxRssFile ${mf} kB"
