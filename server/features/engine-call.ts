// Editor features ask the engine for data (values, counts) but must answer in time without
// it: the engine may be starting, busy, failed, or absent. `ask` gives the engine's answer,
// or undefined on an error or after a deadline, and never rejects.

/** How long completion waits for the engine before answering with what it knows statically. */
export const COMPLETION_ENGINE_MS = 300;
/** Hovers may wait a little longer: nothing is typed meanwhile. */
export const HOVER_ENGINE_MS = 1000;

export async function ask<T>(call: () => Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    const answer = Promise.resolve()
      .then(call)
      .catch(() => undefined);
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
