// Loaded only through a dynamic import (barcode/index.ts): the ponyfill and its ~1 MB zxing
// reader WASM are fetched the first time a scan or decode needs them. The WASM is a Vite asset
// from the app's own origin (precached by the service worker), never the library's CDN default.
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill'
import readerWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? readerWasmUrl : prefix + path),
  },
})

export { BarcodeDetector, readerWasmUrl }
