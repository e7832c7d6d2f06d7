/**
 * A task worker thread: does one request's heavy work at a time (work.ts) and answers its
 * result, or the refusal the client is to see. The request thread never computes.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { perform, type Refusal, type Task, WorkRefusal } from "./work.js";

export type TaskReply = { ok: true; value: unknown } | { ok: false; refusal: Refusal } | { ok: false; error: string };

const port = parentPort;
if (port) {
  port.on("message", (task: Task) => {
    perform(task).then(
      (value) => port.postMessage({ ok: true, value } satisfies TaskReply, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []),
      (e: unknown) =>
        port.postMessage(
          (e instanceof WorkRefusal ? { ok: false, refusal: e.refusal } : { ok: false, error: e instanceof Error ? e.message : String(e) }) satisfies TaskReply,
        ),
    );
  });
}
