/**
 * Wraps `run` so that calls never overlap: a call while it runs asks for one more run after it
 * (however many calls came), so work that turned up during a run is not missed. What a run
 * throws goes to `onError`. Used by the loops that claim leased work from the store (jobs,
 * webhook deliveries) when woken.
 */
export function coalescedRunner(run: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let running = false;
  let again = false;
  const start = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void run()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          start();
        }
      });
  };
  return start;
}
