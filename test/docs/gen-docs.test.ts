import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceTable, staleFiles, writeDocs } from '../../scripts/gen-docs.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE_ACTION = fileURLToPath(new URL('./fixtures/shift-weights/action.yml', import.meta.url));

describe('generated action docs', () => {
  test('the committed docs/actions and README actions table are what npm run docs generates', async () => {
    expect(await staleFiles(ROOT)).toEqual([]);
  });

  describe('in a scratch repository', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'gen-docs-'));
      mkdirSync(join(root, 'actions', 'shift-weights'), { recursive: true });
      cpSync(FIXTURE_ACTION, join(root, 'actions', 'shift-weights', 'action.yml'));
      writeFileSync(
        join(root, 'README.md'),
        '# x\n\n## Actions\n\n<!-- actions-table:start -->\nold\n<!-- actions-table:end -->\n\n## After\n',
      );
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    test('writes a reference page per action and the README table', async () => {
      expect((await writeDocs(root)).sort()).toEqual(['README.md', 'docs/actions/shift-weights.md']);
      const doc = readFileSync(join(root, 'docs/actions/shift-weights.md'), 'utf8');
      expect(doc).toContain('# Shift weights');
      expect(doc).toContain('Moves traffic to the new version in steps.');
      expect(doc).toMatch(/\| `service-group` +\| yes +\| +\| The EAS service group\. +\|/);
      expect(doc).toMatch(/\| `steps` +\| no +\| `10,50,100` +\| Weights in percent, comma-separated\. +\|/);
      expect(doc).toMatch(
        /\| `bake-time` +\| no +\| `5m` +\| How long to watch each step\.<br>Minutes or seconds\. +\|/,
      );
      expect(doc).toMatch(/\| `result` +\| promoted or reverted\. +\|/);
      expect(doc).toContain('uses: OWNER/pai-actions/actions/shift-weights@v1');
      expect(doc).toContain('service-group: <service-group>');
      expect(doc).toContain('It has a post step (runs always)');
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      expect(readme).toMatch(
        /\| \[`shift-weights`\]\(docs\/actions\/shift-weights\.md\) \| Moves traffic to the new version in steps\. \|/,
      );
      expect(readme).not.toContain('old');
      expect(readme).toContain('## After');
      expect(await staleFiles(root)).toEqual([]);
    });

    test('an input added to action.yml without regenerating makes the docs stale; a removed action’s page goes', async () => {
      await writeDocs(root);
      const actionFile = join(root, 'actions', 'shift-weights', 'action.yml');
      writeFileSync(
        actionFile,
        readFileSync(actionFile, 'utf8').replace('inputs:\n', 'inputs:\n  region:\n    description: Region.\n'),
      );
      expect(await staleFiles(root)).toEqual(['docs/actions/shift-weights.md']);
      rmSync(join(root, 'actions', 'shift-weights'), { recursive: true });
      expect((await staleFiles(root)).sort()).toEqual(['README.md', 'docs/actions/shift-weights.md']);
      await writeDocs(root);
      expect(existsSync(join(root, 'docs/actions/shift-weights.md'))).toBe(false);
      expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('No actions yet');
    });

    test('a README without the markers, or an action without a description, is an error naming it', async () => {
      writeFileSync(join(root, 'README.md'), '# no markers\n');
      await expect(writeDocs(root)).rejects.toThrow('README.md needs one <!-- actions-table:start -->');
      writeFileSync(
        join(root, 'actions', 'shift-weights', 'action.yml'),
        'name: x\nruns:\n  using: node24\n  main: a.js\n',
      );
      await expect(writeDocs(root)).rejects.toThrow('actions/shift-weights/action.yml: needs a description');
    });
  });

  test('replaceTable keeps everything outside the markers', () => {
    expect(replaceTable('a\n<!-- actions-table:start -->x<!-- actions-table:end -->\nb', 'T')).toBe(
      'a\n<!-- actions-table:start -->\n\nT\n\n<!-- actions-table:end -->\nb',
    );
  });
});
