//! The image pipeline: dimensions, EXIF orientation, thumbnail, preview and mini preview. Runs on a
//! blocking thread; a file that does not decode is kept as a plain file (as Mattermost does).

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Mattermost's sizes: thumbnails fit 120×100, previews are at most 1920 wide, mini previews 16×16.
const THUMB_W: u32 = 120;
const THUMB_H: u32 = 100;
const PREVIEW_W: u32 = 1920;
const MINI: u32 = 16;
const JPEG_QUALITY: u8 = 90;

/// Width and height from the image header, without decoding pixels; `None` if it is not an image
/// we can read.
pub fn dimensions(data: &[u8]) -> Option<(u32, u32)> {
    ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// What the pipeline produced.
pub struct Processed {
    /// Upright size (after EXIF rotation).
    pub width: u32,
    pub height: u32,
    /// Encoded thumbnail and preview, and whether they are PNG (else JPEG).
    pub thumbnail: Vec<u8>,
    pub preview: Vec<u8>,
    pub png: bool,
    pub mini_preview: Option<Vec<u8>>,
}

/// Decodes (first frame of a GIF), applies EXIF orientation, and renders the derived images.
/// `max_pixels` bounds the decode (decompression bombs are refused, not decoded).
pub fn process(data: &[u8], max_pixels: u64) -> Option<Processed> {
    let reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()?;
    let format = reader.format()?;
    let mut limits = Limits::default();
    // Four bytes per pixel plus headroom for the decoder's own buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(4).saturating_add(64 << 20));
    let mut reader = reader;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > max_pixels {
        return None;
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let png = format == ImageFormat::Png;
    let thumbnail = encode(&thumbnail(&img), png)?;
    let preview = encode(&preview(&img), png)?;
    let mini_preview = encode(&img.resize_exact(MINI, MINI, FilterType::Triangle), false);
    Some(Processed {
        width: img.width(),
        height: img.height(),
        thumbnail,
        preview,
        png,
        mini_preview,
    })
}

/// Scales down to fit the thumbnail box along the tighter side; small images stay as they are.
fn thumbnail(img: &DynamicImage) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    if w < THUMB_W || h < THUMB_H {
        return img.clone();
    }
    let ratio = f64::from(THUMB_H) / f64::from(THUMB_W);
    if f64::from(h) / f64::from(w) < ratio {
        let nw = scaled(w, THUMB_H, h);
        img.resize_exact(nw, THUMB_H, FilterType::Triangle)
    } else {
        let nh = scaled(h, THUMB_W, w);
        img.resize_exact(THUMB_W, nh, FilterType::Triangle)
    }
}

fn preview(img: &DynamicImage) -> DynamicImage {
    if img.width() <= PREVIEW_W {
        return img.clone();
    }
    let nh = scaled(img.height(), PREVIEW_W, img.width());
    img.resize_exact(PREVIEW_W, nh, FilterType::Triangle)
}

/// `side * target / other`, at least 1.
fn scaled(side: u32, target: u32, other: u32) -> u32 {
    let v = u64::from(side) * u64::from(target) / u64::from(other.max(1));
    u32::try_from(v).unwrap_or(u32::MAX).max(1)
}

fn encode(img: &DynamicImage, png: bool) -> Option<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    if png {
        img.write_to(&mut out, ImageFormat::Png).ok()?;
    } else {
        let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        rgb.write_with_encoder(enc).ok()?;
    }
    Some(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([200, 10, 10])));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap_or_default();
        out.into_inner()
    }

    #[test]
    fn thumbnails_fit_the_box_and_keep_the_format() {
        let p = process(&png(800, 400), 100_000_000).unwrap_or_else(|| panic!("decodes"));
        assert_eq!((p.width, p.height), (800, 400));
        assert!(p.png);
        let t = dimensions(&p.thumbnail).unwrap_or_default();
        assert_eq!(t, (200, 100));
        assert_eq!(dimensions(&p.preview), Some((800, 400)));
        let mini = p.mini_preview.unwrap_or_default();
        assert_eq!(dimensions(&mini), Some((16, 16)));
    }

    #[test]
    fn garbage_and_bombs_are_not_images() {
        assert!(process(b"not an image at all", 1_000_000).is_none());
        assert!(process(&png(2000, 2000), 1_000_000).is_none());
        let mut truncated = png(300, 300);
        truncated.truncate(truncated.len() / 2);
        assert!(process(&truncated, 100_000_000).is_none());
    }
}
