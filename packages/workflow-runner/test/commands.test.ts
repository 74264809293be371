import { WorkflowError } from '../src/errors.js';
import { parseFileCommand } from '../src/file-commands.js';
import { Masker } from '../src/masker.js';
import { effectivePermissions, access, parsePermissions } from '../src/permissions.js';
import { parseWorkflowCommand } from '../src/workflow-commands.js';

describe('file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE)', () => {
  test('name=value lines and name<<DELIMITER blocks; a later value wins', () => {
    const text = [
      'a=1',
      'b=x=y',
      'multi<<ghadelimiter_5f1c',
      'line one',
      '',
      'line three',
      'ghadelimiter_5f1c',
      'a=2',
      'empty=',
      '',
    ].join('\n');
    expect(parseFileCommand(text, 'GITHUB_OUTPUT')).toEqual({
      a: '2',
      b: 'x=y',
      multi: 'line one\n\nline three',
      empty: '',
    });
  });

  test('CRLF line ends are accepted', () => {
    expect(parseFileCommand('a=1\r\nb<<EOF\r\nv\r\nEOF\r\n', 'GITHUB_ENV')).toEqual({ a: '1', b: 'v' });
  });

  test('a missing delimiter or a line without = is an error naming the file', () => {
    expect(() => parseFileCommand('x<<END\nvalue\n', 'GITHUB_OUTPUT of "build"')).toThrow(
      'GITHUB_OUTPUT of "build": no closing delimiter "END" for "x"',
    );
    expect(() => parseFileCommand('just text', 'GITHUB_ENV')).toThrow(WorkflowError);
  });
});

describe('workflow commands', () => {
  test.each([
    ['::add-mask::s3cr3t', { command: 'add-mask', properties: {}, message: 's3cr3t' }],
    [
      '::error file=src/a.ts,line=3,title=Bad%2C really::first%0Asecond %25',
      {
        command: 'error',
        properties: { file: 'src/a.ts', line: '3', title: 'Bad, really' },
        message: 'first\nsecond %',
      },
    ],
    ['::group::Deploy', { command: 'group', properties: {}, message: 'Deploy' }],
    ['::endgroup::', { command: 'endgroup', properties: {}, message: '' }],
  ])('%s', (line, expected) => {
    expect(parseWorkflowCommand(line)).toEqual(expected);
  });

  test('ordinary output is not a command', () => {
    expect(parseWorkflowCommand('echo ::error::')).toBeUndefined();
    expect(parseWorkflowCommand('a :: b')).toBeUndefined();
  });
});

describe('Masker', () => {
  test('masks every registered value and each line of a multi-line one, longest first', () => {
    const masker = new Masker();
    masker.add('abc');
    masker.add('abcdef');
    masker.add('line-one\nline-two');
    expect(masker.mask('x abcdef y abc z line-two')).toBe('x *** y *** z ***');
  });
});

describe('permissions', () => {
  test('read-all, write-all and maps; a bad access level names the scope', () => {
    expect(access(parsePermissions('write-all', 'w'), 'id-token')).toBe('write');
    expect(access(parsePermissions({ 'id-token': 'write' }, 'w'), 'contents')).toBe('none');
    expect(access(undefined, 'id-token')).toBe('none');
    expect(() => parsePermissions({ 'id-token': 'admin' }, 'jobs.a')).toThrow(
      'jobs.a.permissions.id-token must be one of read, write, none, got "admin"',
    );
  });

  test('a called workflow never gets more than its caller job', () => {
    const ceiling = parsePermissions({ contents: 'read' }, 'caller');
    const own = parsePermissions({ 'id-token': 'write', contents: 'write' }, 'called');
    const effective = effectivePermissions(own, ceiling);
    expect(access(effective, 'id-token')).toBe('none');
    expect(access(effective, 'contents')).toBe('read');
  });
});
