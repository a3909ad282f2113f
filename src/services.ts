/**
 * What the edges (CLI, API) may ask for. main.ts builds the one implementation, reading the
 * environment and wiring adapters; tests build their own.
 */
export interface Services {
  /** Folder of the embedded datasets shipped with the package (`data/`). */
  dataDir: string;
  /** Folder for the user's own state (database, imports): $HASHFLOOR_HOME or ~/.local/share/hashfloor. */
  userDir: string;
  /** Current time (unix seconds); the only clock the app reads. */
  nowUnixS(): number;
  /** Bearer token for the API's write endpoints ($HASHFLOOR_API_TOKEN), if set. */
  apiToken?: string | undefined;
}
