import fs from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { projectRoot } from '../../config/project-root.js';
import { testServices } from './services.js';

/** Where recorded campaign histories live; test/replay replays every one of them on each run. */
export const historiesDir = (): string => path.join(projectRoot(), 'test', 'replay', 'histories');

/**
 * Replays a finished workflow's history with today's bundle (a nondeterministic change throws) and,
 * when RECORD_HISTORIES=1, stores it under `name` for the replay suite, so the shapes of history we
 * ship keep replaying after the code changes.
 */
export async function replayAndKeep(handle: WorkflowHandle, name: string): Promise<void> {
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: { codePath: testServices().workflowBundlePath } }, history, handle.workflowId);
  if (process.env.RECORD_HISTORIES === '1') {
    await fs.mkdir(historiesDir(), { recursive: true });
    // Binary protobuf: exactly what the server sent, whatever the JSON converters of the installed SDK.
    await fs.writeFile(path.join(historiesDir(), `${name}.history.pb`), proto.temporal.api.history.v1.History.encode(history).finish());
  }
}
