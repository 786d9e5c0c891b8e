#!/usr/bin/env python3
"""Times the peer solvers (rattler, mambajs; ../shared/peer-solvers) on conda's 26 known-answer cases.

Usage: bench_peers.py PEERS_DIR CHANNELS_DIR OUT.jsonl [--rounds N]
PEERS_DIR holds an `npm install`ed copy of ../shared/peer-solvers, CHANNELS_DIR the output of its
make-channels.py. Serves CHANNELS_DIR on loopback, runs each case N times per peer, writes one JSON line per
run: {"peer", "case", "wall_ms", "match"}. wall_ms is the peer's own in-process time (loopback download
of repodata included, as its README says).
"""
import functools, http.server, json, os, subprocess, sys, threading

peers_dir, channels_dir, out = sys.argv[1:4]
rounds = int(sys.argv[sys.argv.index('--rounds') + 1]) if '--rounds' in sys.argv else 3
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'conda-testdata')
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

handler = functools.partial(Quiet, directory=channels_dir)
server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = 'http://127.0.0.1:%d' % server.server_address[1]

cases = json.load(open(os.path.join(data, 'peer-results', 'results-rattler-conda-cases.json')))
with open(out, 'w') as f:
    for c in cases:
        if c['case'] == 'SolverTests.test_no_features@L933':
            continue  # not reproducible (record added inline in conda's code)
        chans = ['channel-1-pip'] if 'SolverTests' in c['suite'] else c['channels']
        urls = ','.join('%s/%s' % (base, ch) for ch in chans)
        for peer, script in (('rattler', 'rattler-solve.cjs'), ('mambajs', 'mambajs-solve.mjs')):
            for _ in range(rounds):
                p = subprocess.run(['node', script, urls, 'linux-64'] + c['specs'], cwd=peers_dir,
                                   capture_output=True, text=True, timeout=300)
                line = (p.stdout.strip().splitlines() or ['{}'])[-1]
                try:
                    r = json.loads(line)
                except ValueError:
                    r = {'error': p.stderr[-300:]}
                f.write(json.dumps({'peer': peer, 'case': c['case'], 'wall_ms': r.get('wall_ms'),
                                    'error': r.get('error') is not None}) + '\n')
server.shutdown()
