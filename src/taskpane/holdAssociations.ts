/**
 * The pane computes its live results with the DEAL.* functions themselves, so the pane's bundle holds
 * its own copy of the function modules, and with them the `CustomFunctions.associate` calls the metadata
 * plugin appends. The functions bundle, loaded by the same page, owns those associations: while the
 * pane's copies load (between this module and releaseAssociations.ts in index.ts) associate does nothing.
 */
interface AssociateRuntime {
  associate?: (...args: unknown[]) => void;
}

const runtime = (globalThis as { CustomFunctions?: AssociateRuntime }).CustomFunctions;
export const heldAssociate = runtime?.associate;
if (runtime && heldAssociate) runtime.associate = () => undefined;
