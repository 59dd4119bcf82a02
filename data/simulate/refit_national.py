#!/usr/bin/env python3
"""Refits [national_knobs] of params.toml on the whole country (docs/simulation.md).

Simulates every municipality (`fremdrift simulate --all`) with the given params file, measures the
land level of February 2019 with `fremdrift measure andel --area land`, and multiplies each knob by
the ratio its level still needs against [national]. Run a few rounds, rebuild (params.toml is built
into the binary) and check with tests/simulate/sammenligning_herning_national.sh.

Usage: refit_national.py FREMDRIFT_BINARY PARAMS_TOML [--scale 0.1] [--rounds 4] [--work DIR]
"""
import argparse
import csv
import io
import re
import subprocess
import tempfile

# Each [national] level and the knobs that steer it.
FAMILIES = {
    'a_dagpenge': ['dagpenge'],
    'kontant_uddannelse_integration': ['kh_jobparat', 'kh_aktivitetsparat', 'integration'],
    'sygedagpenge': ['sygedagpenge'],
    'jobafklaring': ['jobafklaring'],
    'fleksjob': ['fleksjob'],
    'ressourceforloeb': ['ressourceforloeb'],
    'ledighedsydelse': ['ledighedsydelse'],
    'foertidspension': ['foertidspension'],
}
SERIES = {'ledighedsprocent': 'bruttoledig'}  # [national] name → measured series
# Levels of another age band: [national] name → (measured series, ages, knob).
AGED = {'unge_offentlig_forsoergelse': ('offentlig_forsoergelse', '16-29', 'unge')}


def national_levels(text):
    section = re.search(r'^\[national\]\n(.*?)^\[', text, re.M | re.S).group(1)
    return {k: float(v) for k, v in re.findall(r'^(\w+) = ([0-9.]+)', section, re.M)
            if k != 'arbejdsstyrke_share'}


def measure(binary, params, scale, work):
    subprocess.run(f'rm -rf {work}/sim && {binary} -q simulate --params {params} --all '
                   f'--scale {scale} --from 2018-12 --to 2019-03 --seed 11 --out {work}/sim '
                   f'--no-events && {binary} -q ingest --register {work}/sim/register.csv '
                   f'--out {work}/sim/store --population {work}/sim/population.csv >/dev/null',
                   shell=True, check=True)
    levels = national_levels(open(params).read())

    def andel(groups, age='16-66'):
        out = subprocess.run([binary, '-q', 'measure', 'andel', '--store', f'{work}/sim/store',
                              '--area', 'land', '--from', '2019-02', '--age', age,
                              '--group', ','.join(groups)],
                             capture_output=True, text=True, check=True).stdout
        return {r['ydelsesgruppe']: float(r['andel_arbejdsstyrke'])
                for r in csv.DictReader(io.StringIO(out))}

    got = andel([SERIES.get(k, k) for k in levels if k not in AGED])
    result = {k: got[SERIES.get(k, k)] for k in levels if k not in AGED}
    for k, (series, ages, _) in AGED.items():
        if k in levels:
            result[k] = andel([series], ages)[series]
    return result, levels


def scale_knob(tail, knob, factor):
    m = re.search(rf'^{knob} = ([0-9.]+)$', tail, re.M)
    return tail.replace(m.group(0), f'{knob} = {float(m.group(1)) * factor:.4f}', 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('binary')
    ap.add_argument('params')
    ap.add_argument('--scale', type=float, default=0.1)
    ap.add_argument('--rounds', type=int, default=4)
    ap.add_argument('--work', default=None)
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp()
    for rnd in range(a.rounds + 1):
        got, want = measure(a.binary, a.params, a.scale, work)
        for k in want:
            print(f'round {rnd} {k:32s} target {want[k]:6.3f} simulated {got[k]:6.3f}')
        if rnd == a.rounds:
            break
        head, tail = open(a.params).read().split('\n[national_knobs]\n')
        for level, knobs in FAMILIES.items():
            for knob in knobs:
                tail = scale_knob(tail, knob, want[level] / got[level])
        for level, (_, _, knob) in AGED.items():
            if level in want:
                tail = scale_knob(tail, knob, want[level] / got[level])
        # Bruttoledige beyond a-dagpenge are mostly jobparate kontant-/uddannelseshjælp: move the
        # kontanthjælp total between jobparate and aktivitetsparate.
        jp = got['ledighedsprocent'] - got['a_dagpenge']
        d = want['ledighedsprocent'] - want['a_dagpenge'] - jp
        k = got['kontant_uddannelse_integration']
        tail = scale_knob(tail, 'kh_jobparat', (jp + d) / jp)
        for knob in ('kh_aktivitetsparat', 'integration'):
            tail = scale_knob(tail, knob, (k - jp - d) / (k - jp))
        open(a.params, 'w').write(head + '\n[national_knobs]\n' + tail)


if __name__ == '__main__':
    main()
