// D. Local Authorization List Management (D01 SendLocalList, D02 GetLocalListVersion): the
// list the CSMS keeps on the station. The authorization block consults it through its
// LocalList hook (C13, C14).

export { LocalAuthList, type UpdateRefusal } from './local-auth-list.js';
export { sendLocalList, type SendLocalListContext } from './send-local-list.js';
export { getLocalListVersion } from './get-local-list-version.js';
export { localAuthListBlock } from './block.js';
