// The import structure follows the data path: nothing imports a layer above its own, and blocks
// meet each other only through their index.ts. Run by `npm run lint` (and so by CI).
//
//   cli, fleet, index.ts          entry points
//   scenario/                     scenarios that drive a station through its control surface
//   station/                      composition root: builds the context, installs the blocks
//   control/, csms/               dashboard/control API; the built-in CSMS
//   blocks/<block>/               one folder per OCPP functional block
//   kernel/                       what blocks share: context, events, description, block contract
//   rpc/ delivery/ device-model/ description/ store/ hal/ clock/ log/ http/ generated/ collections/

const LOWER = '^src/(rpc|delivery|device-model|description|store|hal|clock|log|generated|http|collections)/';
const ABOVE_BLOCKS = '^src/(station|control|csms|cli|fleet|scenario|local-controller)/|^src/index\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: two modules that cannot be understood (or loaded) one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'station-is-the-root',
      severity: 'error',
      comment: 'Only the entry points import the composition root; what blocks share lives in kernel/.',
      from: { path: '^src/', pathNot: ['^src/(station|cli|fleet)/', '^src/index\\.ts$', '^src/index\\.test\\.ts$'] },
      to: { path: '^src/station/' },
    },
    {
      name: 'blocks-through-index',
      severity: 'error',
      comment: "A block reaches another block only through that block's index.ts.",
      from: { path: '^src/blocks/([^/]+)/' },
      to: { path: '^src/blocks/[^/]+/', pathNot: ['^src/blocks/$1/', '^src/blocks/[^/]+/index\\.ts$'] },
    },
    {
      name: 'blocks-below-the-root',
      severity: 'error',
      comment: 'Blocks know the kernel and the layers below it, never the root, the control API or the CSMS.',
      from: { path: '^src/blocks/' },
      to: { path: ABOVE_BLOCKS },
    },
    {
      name: 'kernel-below-blocks',
      severity: 'error',
      comment: 'The kernel is what blocks stand on; it cannot know them.',
      from: { path: '^src/kernel/' },
      to: { path: ['^src/blocks/', ABOVE_BLOCKS] },
    },
    {
      name: 'lower-layers-stay-low',
      severity: 'error',
      comment: 'The OCPP-J core, stores, device model, HAL, clock and log know nothing of the station.',
      from: { path: LOWER },
      to: { path: ['^src/kernel/', '^src/blocks/', ABOVE_BLOCKS] },
    },
    {
      name: 'ws-only-in-the-transport',
      severity: 'error',
      comment: 'Only the transport files know the WebSocket library.',
      from: {
        path: '^src/',
        pathNot: [
          '^src/rpc/(connection|connection-link|server)\\.ts$',
          '^src/local-controller/relay-socket\\.ts$',
          '\\.test(-harness)?\\.ts$',
        ],
      },
      to: { path: 'node_modules/ws/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
