// A single-node Slurm cluster for one test file: munge, slurmctld and slurmd under a private config.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, requireCommand, startProcess, stopProcess, waitFor } from './services.js';

export interface SlurmCluster {
  /** Environment that points sbatch, squeue, ... at this cluster (SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  partition: string;
  dir: string;
  stop(): Promise<void>;
}

const INSTALL = 'install it with `apt-get install -y slurm-wlm munge`';

/** munged is shared by the whole machine; start it once if it is not running. */
function ensureMunge(): void {
  const munged = requireCommand('munged', INSTALL);
  if (spawnSync('pgrep', ['-x', 'munged']).status === 0) return;
  mkdirSync('/run/munge', { recursive: true });
  spawnSync('chown', ['munge:munge', '/run/munge']);
  execFileSync(munged, ['--force'], { stdio: 'ignore' });
}

export async function startSlurm(): Promise<SlurmCluster> {
  if (process.getuid?.() !== 0) throw new Error('the Slurm tests start slurmctld and slurmd and must run as root (CI does)');
  const slurmctld = requireCommand('slurmctld', INSTALL);
  const slurmd = requireCommand('slurmd', INSTALL);
  requireCommand('sbatch', INSTALL);
  ensureMunge();
  const dir = mkdtempSync(join(tmpdir(), 'clusterlens-slurm-'));
  mkdirSync(join(dir, 'state'));
  mkdirSync(join(dir, 'spool'));
  const node = hostname().split('.')[0];
  const partition = 'clusterlens';
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=clusterlens-test',
      `SlurmctldHost=${node}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      // A requeued job waits cred_expire + 1 seconds before it may start again (default 120): keep the requeue tests short.
      'AuthInfo=cred_expire=10',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldPort=${await freePort()}`,
      `SlurmdPort=${await freePort()}`,
      `SlurmctldLogFile=${dir}/slurmctld.log`,
      `SlurmdLogFile=${dir}/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SchedulerType=sched/builtin',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'ReturnToService=2',
      'MpiDefault=none',
      'JobCompType=jobcomp/none',
      'AccountingStorageType=accounting_storage/none',
      // Quick turnaround for many tiny array tasks.
      'SchedulerParameters=defer_batch,sched_interval=1',
      'MessageTimeout=20',
      `NodeName=${node} CPUs=${availableParallelism()} State=UNKNOWN`,
      `PartitionName=${partition} Nodes=${node} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const controller = startProcess(slurmctld, ['-D', '-i'], env);
  const daemon = startProcess(slurmd, ['-D'], env);
  await waitFor('the Slurm node to become idle', () => {
    const info = spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' });
    return info.status === 0 && /idle|mix|alloc/.test(info.stdout);
  }, 30_000);
  return {
    env,
    partition,
    dir,
    stop: async () => {
      spawnSync('scancel', ['--partition', partition], { env });
      await stopProcess(daemon);
      await stopProcess(controller);
    },
  };
}
