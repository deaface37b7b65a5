// Compress a camera photo on the phone before it is stored: a 12 MP original (~5 MB) becomes
// a ~1600 px JPEG of a few hundred KB, upright (the browser applies the EXIF orientation
// while decoding), and without EXIF: a canvas re-encodes pixels only.
export async function compressPhoto(file: Blob, maxEdge = 1600, quality = 0.72): Promise<ArrayBuffer> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  const scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height))
  const width = Math.max(1, Math.round(bitmap.width * scale))
  const height = Math.max(1, Math.round(bitmap.height * scale))
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height)
  bitmap.close()
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))
  if (!blob) throw new Error('the photo could not be encoded')
  return blob.arrayBuffer()
}
