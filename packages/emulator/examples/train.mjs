#!/usr/bin/env node
/**
 * A tiny training job for the PAI-DLC emulator (plain Node, no ML framework): linear
 * regression by full-batch gradient descent on seeded data, with checkpoints a preempted job
 * can resume from. Environment (docs/emulator-dlc.md has the whole contract):
 *
 *   CHECKPOINT_DIR   where checkpoints go: step-<8 digits>/state.json, then step-…/_COMPLETE (LAST)
 *   MODEL_DIR        where model.json (pai-emulator-linear/1) and metrics.json go at the end
 *   RESUME_FROM      a checkpoint directory to continue from; without it, the newest complete
 *                    checkpoint in CHECKPOINT_DIR is used (as a restarted pod would find it)
 *   DATA_DIR         optional: train.csv there (header x1,…,xn,y) replaces the generated data
 *   TRAIN_STEPS (200) CHECKPOINT_EVERY (20) STEP_DELAY_MS (20) TRAIN_SEED (42)
 *   TRAIN_FEATURES (3) TRAIN_SAMPLES (256) LEARNING_RATE (0.1) LOG_EVERY (1)
 *
 * Prints `progress step=<n> total=<T> loss=<l>` lines the runner parses. Files are written
 * under a temporary name and renamed, and a checkpoint's marker is written last, so no reader
 * ever takes a half-written checkpoint for a complete one. Training is deterministic: a run
 * resumed from step k ends with exactly the model of an uninterrupted run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const MARKER = '_COMPLETE';
const CHECKPOINT_FORMAT = 'pai-checkpoint/1';
const MODEL_FORMAT = 'pai-emulator-linear/1';

const config = {
  steps: integer('TRAIN_STEPS', 200, 1),
  checkpointEvery: integer('CHECKPOINT_EVERY', 20, 0),
  stepDelayMs: integer('STEP_DELAY_MS', 20, 0),
  seed: integer('TRAIN_SEED', 42, 0),
  features: integer('TRAIN_FEATURES', 3, 1),
  samples: integer('TRAIN_SAMPLES', 256, 2),
  learningRate: number('LEARNING_RATE', 0.1),
  logEvery: integer('LOG_EVERY', 1, 1),
};
const checkpointDir = process.env.CHECKPOINT_DIR || join(process.cwd(), 'checkpoints');
const modelDir = process.env.MODEL_DIR || join(process.cwd(), 'model');

process.on('SIGTERM', () => {
  console.error('received SIGTERM, stopping');
  process.exit(143);
});

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});

async function main() {
  const data = loadData();
  let state = { step: 0, weights: new Array(data.features).fill(0), bias: 0 };
  const resume = findResumePoint();
  if (resume) {
    if (resume.state.weights.length !== data.features)
      fail(
        `checkpoint ${resume.dir} has ${resume.state.weights.length} weights, the data has ${data.features} features`,
      );
    state = resume.state;
    console.log(`resumed from step=${state.step} (${resume.dir})`);
  }
  console.log(
    `training: ${data.rows.length} samples, ${data.features} features, steps ${state.step + 1}..${config.steps}, checkpoint every ${config.checkpointEvery}`,
  );
  mkdirSync(checkpointDir, { recursive: true });

  while (state.step < config.steps) {
    state = gradientStep(state, data.rows, config.learningRate);
    const loss = meanSquaredError(state, data.rows);
    if (state.step % config.logEvery === 0 || state.step === config.steps) {
      console.log(`progress step=${state.step} total=${config.steps} loss=${loss.toFixed(6)}`);
    }
    if (config.checkpointEvery > 0 && state.step % config.checkpointEvery === 0) writeCheckpoint(state, loss);
    if (config.stepDelayMs > 0) await sleep(config.stepDelayMs);
  }

  const mse = meanSquaredError(state, data.rows);
  const metrics = {
    loss: mse,
    mse,
    r2: rSquared(state, data.rows),
    step: state.step,
    total_steps: config.steps,
    samples: data.rows.length,
    ...(resume ? { resumed_from_step: resume.state.step } : {}),
  };
  mkdirSync(modelDir, { recursive: true });
  writeAtomically(
    join(modelDir, 'model.json'),
    JSON.stringify({ format: MODEL_FORMAT, weights: state.weights, bias: state.bias }),
  );
  writeAtomically(join(modelDir, 'metrics.json'), JSON.stringify(metrics, null, 2));
  console.log(`done step=${state.step} loss=${mse.toFixed(6)} r2=${metrics.r2.toFixed(4)}`);
}

function gradientStep(state, rows, rate) {
  const gradient = new Array(state.weights.length).fill(0);
  let gradientBias = 0;
  for (const { x, y } of rows) {
    const error = predict(state, x) - y;
    for (let j = 0; j < x.length; j++) gradient[j] += (2 * error * x[j]) / rows.length;
    gradientBias += (2 * error) / rows.length;
  }
  return {
    step: state.step + 1,
    weights: state.weights.map((w, j) => w - rate * gradient[j]),
    bias: state.bias - rate * gradientBias,
  };
}

function predict(state, x) {
  return x.reduce((sum, value, j) => sum + value * state.weights[j], state.bias);
}

function meanSquaredError(state, rows) {
  return rows.reduce((sum, { x, y }) => sum + (predict(state, x) - y) ** 2, 0) / rows.length;
}

function rSquared(state, rows) {
  const mean = rows.reduce((sum, { y }) => sum + y, 0) / rows.length;
  const total = rows.reduce((sum, { y }) => sum + (y - mean) ** 2, 0);
  const residual = rows.reduce((sum, { x, y }) => sum + (predict(state, x) - y) ** 2, 0);
  return total === 0 ? 0 : 1 - residual / total;
}

// ---- checkpoints ----

function writeCheckpoint(state, loss) {
  const dir = join(checkpointDir, `step-${String(state.step).padStart(8, '0')}`);
  mkdirSync(dir, { recursive: true });
  const body = Buffer.from(
    JSON.stringify({ step: state.step, weights: state.weights, bias: state.bias, loss, seed: config.seed }),
  );
  writeAtomically(join(dir, 'state.json'), body);
  const marker = {
    format: CHECKPOINT_FORMAT,
    step: state.step,
    files: [{ path: 'state.json', size: body.length, md5: md5(body) }],
    createdAt: new Date().toISOString(),
  };
  writeAtomically(join(dir, MARKER), JSON.stringify(marker));
  console.log(`checkpoint step=${state.step} dir=${dir}`);
}

/** RESUME_FROM when set (and it must then be valid); else the newest complete checkpoint here. */
function findResumePoint() {
  const explicit = process.env.RESUME_FROM;
  if (explicit) {
    const loaded = loadCheckpoint(explicit);
    if ('error' in loaded) fail(`RESUME_FROM ${explicit}: ${loaded.error}`);
    return loaded;
  }
  if (!existsSync(checkpointDir)) return undefined;
  const dirs = readdirSync(checkpointDir)
    .filter((name) => /^step-\d+$/.test(name))
    .sort()
    .reverse();
  for (const name of dirs) {
    const loaded = loadCheckpoint(join(checkpointDir, name));
    if (!('error' in loaded)) return loaded;
    console.log(`skipping ${name}: ${loaded.error}`);
  }
  return undefined;
}

function loadCheckpoint(dir) {
  let marker;
  try {
    marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
  } catch {
    return { error: `no readable ${MARKER} marker (incomplete checkpoint)` };
  }
  if (marker.format !== CHECKPOINT_FORMAT || !Array.isArray(marker.files))
    return { error: 'marker is not a pai-checkpoint/1 marker' };
  for (const file of marker.files) {
    let body;
    try {
      body = readFileSync(join(dir, file.path));
    } catch {
      return { error: `${file.path} is missing` };
    }
    if (body.length !== file.size || (file.md5 && md5(body) !== file.md5))
      return { error: `${file.path} does not match the marker` };
  }
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
  if (state.step !== marker.step) return { error: 'state and marker disagree on the step' };
  return { dir, state: { step: state.step, weights: state.weights, bias: state.bias } };
}

// ---- data ----

function loadData() {
  const csv = process.env.DATA_DIR ? join(process.env.DATA_DIR, 'train.csv') : undefined;
  if (csv && existsSync(csv)) {
    const [header, ...lines] = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    const columns = header.split(',').length;
    const rows = lines.map((line, i) => {
      const values = line.split(',').map(Number);
      if (values.length !== columns || values.some((v) => !Number.isFinite(v)))
        fail(`${csv} line ${i + 2} is not ${columns} numbers`);
      return { x: values.slice(0, -1), y: values.at(-1) };
    });
    console.log(`data: ${csv}`);
    return { rows, features: columns - 1 };
  }
  const random = mulberry32(config.seed);
  const weights = Array.from({ length: config.features }, () => Math.round((random() * 4 - 2) * 100) / 100);
  const bias = 0.5;
  const rows = Array.from({ length: config.samples }, () => {
    const x = Array.from({ length: config.features }, () => random() * 2 - 1);
    const noise = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 0.1;
    return { x, y: x.reduce((sum, v, j) => sum + v * weights[j], bias) + noise };
  });
  return { rows, features: config.features };
}

function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- helpers ----

function writeAtomically(file, content) {
  const temp = `${file}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

function md5(buffer) {
  return createHash('md5').update(buffer).digest('hex');
}

function integer(name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) fail(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

function number(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) fail(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(2);
}
