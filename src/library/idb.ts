/**
 * The few IndexedDB steps the browser's stores share (the scenario library, the class review's
 * kept replays): open a database (creating its stores), and wait for a request or a transaction.
 */

/** The result of an IndexedDB request, or its error. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when a transaction has committed; rejects when it fails or is aborted. */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * Open (creating or upgrading with `upgrade`) the database `name`; `what` names it in the errors
 * ("the scenario library"). Another tab's upgrade closes this connection (it reopens on the next load).
 */
export async function openDatabase(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase, tx: IDBTransaction) => void,
  what: string,
): Promise<IDBDatabase> {
  const req = factory.open(name, version);
  req.onupgradeneeded = () => upgrade(req.result, req.transaction!);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error(`could not open ${what}`));
    req.onblocked = () => reject(new Error(`${what} is blocked by another tab of the game: close it and reload`));
  });
  db.onversionchange = () => db.close();
  return db;
}
