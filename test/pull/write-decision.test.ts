import { describe, expect, it } from 'vitest';
import { type DocumentStatus, writeDecision } from '../../src/pull/write-decision.js';

const status = (overrides: Partial<DocumentStatus>): DocumentStatus => ({
  synced: true,
  remoteChanged: false,
  editedLocally: false,
  force: false,
  ...overrides,
});

describe('writeDecision', () => {
  it('writes a document that is new here or whose last pull did not finish', () => {
    expect(writeDecision(status({ synced: false, remoteChanged: true }))).toBe('write');
    expect(writeDecision(status({ synced: false, remoteChanged: false }))).toBe('write');
  });

  it('leaves a synced document alone until the service changes it', () => {
    expect(writeDecision(status({}))).toBe('unchanged');
    expect(writeDecision(status({ remoteChanged: true }))).toBe('write');
  });

  it('keeps local edits, as a conflict when the service changed too', () => {
    expect(writeDecision(status({ editedLocally: true }))).toBe('keep-local-edits');
    expect(writeDecision(status({ editedLocally: true, remoteChanged: true }))).toBe(
      'keep-conflicting-edits',
    );
  });

  it('with force, writes over local edits whether the service changed or not', () => {
    expect(writeDecision(status({ editedLocally: true, force: true }))).toBe('overwrite');
    expect(writeDecision(status({ editedLocally: true, remoteChanged: true, force: true }))).toBe(
      'overwrite',
    );
    expect(writeDecision(status({ force: true }))).toBe('unchanged');
  });
});
