import fs from 'node:fs/promises';
import path from 'node:path';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { historiesDir } from '../helpers/histories.js';
import { testServices } from '../helpers/services.js';

// Every campaign history recorded by the campaign tests (RECORD_HISTORIES=1 npm test, binary protobuf) and committed is
// replayed with today's workflow bundle: a change to workflow code that would decide differently on a
// history already in production fails here, and must go through patched() instead.

describe('recorded campaign histories', () => {
  it('replay cleanly with the current workflow code', async () => {
    const files = (await fs.readdir(historiesDir())).filter((file) => file.endsWith('.history.pb')).sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    const histories = await Promise.all(
      files.map(async (file) => ({
        workflowId: path.basename(file, '.history.pb'),
        history: proto.temporal.api.history.v1.History.decode(await fs.readFile(path.join(historiesDir(), file))),
      })),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testServices().workflowBundlePath } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
