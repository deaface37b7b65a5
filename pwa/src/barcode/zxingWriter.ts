// Loaded only through a dynamic import (barcode/index.ts): the zxing writer WASM (~650 KB),
// served from the app's own origin and precached, so labels render with the network off.
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer'
import writerWasmUrl from 'zxing-wasm/writer/zxing_writer.wasm?url'

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? writerWasmUrl : prefix + path),
  },
})

export { writeBarcode, writerWasmUrl }
