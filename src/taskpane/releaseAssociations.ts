import { heldAssociate } from "./holdAssociations";

/** Gives CustomFunctions.associate back once the pane's copies of the function modules have loaded. */
const runtime = (globalThis as { CustomFunctions?: { associate?: unknown } }).CustomFunctions;
if (runtime && heldAssociate) runtime.associate = heldAssociate;
