#!/usr/bin/env python3
"""Turns the RESULT lines of bench/run.sh into one table (each Orderflow figure next to the limit it is bounded
by, as a ratio) and an SVG chart of throughput and latency per load level. No third-party packages."""
import sys

FASTAPI_16 = 830   # best throughput of the reference FastAPI build at 16 connections (issue 7), orders/s
FASTAPI_P99_16 = 43.0


def parse(path):
    rows = []
    for line in open(path):
        if not line.startswith('RESULT|'):
            continue
        parts = line.strip().split('|')
        fields = {'kind': parts[1]}
        for part in parts[2:]:
            if '=' in part:
                key, value = part.split('=', 1)
                fields[key] = value
        rows.append(fields)
    return rows


def num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return float('nan')


def pick(rows, kind, **match):
    for row in rows:
        if row['kind'] == kind and all(row.get(k) == str(v) for k, v in match.items()):
            return row
    return {}


def main(results, summary, chart):
    rows = parse(results)
    pg = {int(r['clients']): num(r['tps']) for r in rows if r['kind'] == 'pgbench'}
    xadd_p1 = num(pick(rows, 'xadd', clients=1, pipeline=1).get('rate'))
    xadd_p16 = num(pick(rows, 'xadd', clients=1, pipeline=16).get('rate'))
    closed = {int(r['connections']): r for r in rows if r['kind'] == 'closed'}
    out = []
    line = lambda *cols: out.append('%-44s %16s %22s %8s %s' % cols)
    line('measurement', 'Orderflow', 'bounded by', 'ratio', 'target')
    line('-' * 44, '-' * 16, '-' * 22, '-' * 8, '-' * 30)
    for c in (16, 32, 64):
        r = closed.get(c, {})
        tput = num(r.get('throughput'))
        limit = pg.get(c, pg.get(32, float('nan')) if c != 16 else pg.get(8, float('nan')))
        target = '>= 60% of pgbench, p99 < 25 ms' if c == 32 else ''
        line('POST /orders, %d connections (orders/s)' % c, '%.0f' % tput, 'pgbench %s: %.0f tps' % (
            c if c in pg else (8 if c == 16 else 32), limit), '%.0f%%' % (100 * tput / limit), target)
        line('  latency p50 / p99 / p99.9 (ms)', '%s / %s / %s' % (r.get('p50_ms'), r.get('p99_ms'), r.get('p999_ms')),
             '', '', 'errors: %s' % r.get('errors'))
    warm = pick(rows, 'warmup')
    line('POST /orders, 32 conn., first %s s (orders/s)' % warm.get('seconds_after_start'), '%.0f' % num(warm.get('throughput')),
         '', '', 'cold JVM: p50 / p99 %s / %s ms' % (warm.get('p50_ms'), warm.get('p99_ms')))
    r16 = closed.get(16, {})
    line('POST /orders vs FastAPI build, 16 conn.', '%.0f' % num(r16.get('throughput')), 'FastAPI: %d/s' % FASTAPI_16,
         '%.1fx' % (num(r16.get('throughput')) / FASTAPI_16), '>= 5x at lower p99 (FastAPI p99 %.0f ms)' % FASTAPI_P99_16)
    backlog = pick(rows, 'backlog')
    line('closed-loop backlog cleared (orders/s)', '%.0f' % num(backlog.get('rate')),
         '%s orders in %s s' % (backlog.get('orders'), backlog.get('seconds')), '', 'saga keeps up with POST')
    for rate in (200, 1000):
        saga = pick(rows, 'open-saga', rate=rate)
        lag = pick(rows, 'relay-lag', rate=rate)
        post = pick(rows, 'open-post', rate=rate)
        target = 'p50 < 15 ms, p99 < 60 ms' if rate == 200 else ''
        line('POST -> final at %d/s: p50 / p99 (ms)' % rate, '%s / %s' % (saga.get('p50_ms'), saga.get('p99_ms')),
             'POST p50 %s ms' % post.get('p50_ms'), '', target)
        line('  relay lag (outbox insert -> XADD) p50 / p99', '%s / %s' % (lag.get('p50_ms'), lag.get('p99_ms')), '', '',
             'p50 < 5 ms' if rate == 200 else '')
    for kind, label in (('relay-drain-cold', 'relay drain, relay just started (events/s)'),
                        ('relay-drain', 'relay drain, warmed up (events/s)')):
        relay = pick(rows, kind)
        line(label, '%.0f' % num(relay.get('rate')), 'XADD -P16: %.0f/s' % xadd_p16,
             '%.0f%%' % (100 * num(relay.get('rate')) / xadd_p16), '>= 20,000/s')
    for kind, label in (('consumer-drain-cold', 'consumer drain, just started (entries/s)'),
                        ('consumer-drain', 'consumer drain, warmed up (entries/s)')):
        consumer = pick(rows, kind)
        line(label, '%.0f' % num(consumer.get('rate')), 'XADD -P1: %.0f/s' % xadd_p1,
             '%.0f%%' % (100 * num(consumer.get('rate')) / xadd_p1), '>= 30,000/s per process')
    rss = max((num(r.get('peak_mb')) for r in rows if r['kind'] == 'rss'), default=float('nan'))
    line('peak RSS (MB)', '%.0f' % rss, '', '', '< 512 MB')
    cpus = [r.get('share') for r in rows if r['kind'] == 'cpu']
    line('app CPU share per phase (% of all cores)', ' '.join(cpus), '', '', '')
    for r in rows:
        if r['kind'] == 'startup':
            line('start to first 201, %s start (ms)' % r.get('run'), r.get('first_201_ms'), '', '', '< 3,000 ms')
    inv = pick(rows, 'invariants')
    line('invariants after the load', inv.get('ok', '?'), '', '', inv.get('problems', ''))
    line('', '', '', '', '')
    line('limits: pgbench tps by clients', ' '.join('%d:%.0f' % kv for kv in sorted(pg.items())), '', '', '')
    line('limits: XADD/s -c1 -P1 / -c50 / -c1 -P16', '%.0f / %.0f / %.0f' % (
        xadd_p1, num(pick(rows, 'xadd', clients=50, pipeline=1).get('rate')), xadd_p16), '', '', '')
    open(summary, 'w').write('\n'.join(out) + '\n')
    write_chart(chart, closed, pg)


def write_chart(path, closed, pg):
    levels = sorted(closed)
    width, height, left, bottom = 640, 360, 70, 300
    top_t = max([num(closed[c].get('throughput')) for c in levels] + list(pg.values()) + [1]) * 1.15
    top_l = max([num(closed[c].get('p99_ms')) for c in levels] + [1]) * 1.2
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (width, height),
           '<text x="%d" y="20" font-size="14">POST /orders, closed loop: throughput (bars) and p99 latency (line)</text>' % left,
           '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (left, bottom, width - 60, bottom),
           '<line x1="%d" y1="40" x2="%d" y2="%d" stroke="black"/>' % (left, left, bottom)]
    slot = (width - 60 - left) / max(len(levels), 1)
    points = []
    for i, c in enumerate(levels):
        t = num(closed[c].get('throughput'))
        h = (bottom - 40) * t / top_t
        x = left + i * slot + slot * 0.2
        svg.append('<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="#4e79a7"/>' % (x, bottom - h, slot * 0.35, h))
        svg.append('<text x="%.0f" y="%.0f">%.0f/s</text>' % (x, bottom - h - 4, t))
        limit = pg.get(c, pg.get(32, 0) if c > 16 else pg.get(8, 0))
        lh = (bottom - 40) * limit / top_t
        svg.append('<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="#bab0ac"/>' % (x + slot * 0.37, bottom - lh, slot * 0.2, lh))
        svg.append('<text x="%.0f" y="%d">%d conn.</text>' % (x, bottom + 16, c))
        p99 = num(closed[c].get('p99_ms'))
        points.append((x + slot * 0.17, bottom - (bottom - 40) * p99 / top_l, p99))
    svg.append('<polyline fill="none" stroke="#e15759" stroke-width="2" points="%s"/>' % ' '.join('%.0f,%.0f' % (x, y) for x, y, _ in points))
    for x, y, p in points:
        svg.append('<text x="%.0f" y="%.0f" fill="#e15759">p99 %.1f ms</text>' % (x + 4, y - 4, p))
    svg.append('<text x="%d" y="%d">blue: Orderflow orders/s, grey: pgbench tps (same transaction), red: p99</text>' % (left, height - 20))
    svg.append('</svg>')
    open(path, 'w').write('\n'.join(svg) + '\n')


if __name__ == '__main__':
    main(*sys.argv[1:4])
