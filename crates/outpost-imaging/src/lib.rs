//! The image pipeline behind uploads and custom emoji: dimensions from the header, a bounded
//! decode (first frame of a GIF, EXIF orientation applied), then thumbnail, preview and mini
//! preview. Pure functions over untrusted bytes, in a crate of their own so the fuzz targets in
//! `fuzz/` build it without the rest of the server.
//!
//! Every function answers `None` for input it cannot use, and none of them decodes pixels of an
//! image whose header declares more pixels than the caller allows (decompression bombs are
//! refused from the header, not found out by running out of memory).

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Mattermost's sizes: thumbnails fit 120×100, previews are at most 1920 wide, mini previews 16×16.
const THUMB_W: u32 = 120;
const THUMB_H: u32 = 100;
const PREVIEW_W: u32 = 1920;
const MINI: u32 = 16;
const JPEG_QUALITY: u8 = 90;
/// The JPEG format cannot hold a side longer than this; such derivatives are written as PNG.
const JPEG_MAX_SIDE: u32 = 65_535;
/// Bytes per pixel of the widest colour type these formats decode to (16-bit RGBA PNG).
const MAX_BYTES_PER_PIXEL: u64 = 8;
/// What a decoder may allocate besides the pixels (palettes, line buffers, metadata).
const DECODER_HEADROOM: u64 = 64 << 20;

/// Width and height from the image header, without decoding pixels; `None` if it is not an image
/// we can read.
pub fn dimensions(data: &[u8]) -> Option<(u32, u32)> {
    ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// A decoded image, upright, and the format it was stored in.
pub struct Decoded {
    pub image: DynamicImage,
    pub format: ImageFormat,
}

/// Decodes the image (the first frame of an animation) and turns it upright by its EXIF
/// orientation. `None` when it is not a PNG, JPEG, GIF or WebP image, is damaged, or its header
/// declares more than `max_pixels` pixels — checked before any pixel is decoded, and every
/// allocation the decoder makes is bounded by the same figure.
pub fn decode(data: &[u8], max_pixels: u64) -> Option<Decoded> {
    let mut reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()?;
    let format = reader.format()?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return None;
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(
        max_pixels
            .saturating_mul(MAX_BYTES_PER_PIXEL)
            .saturating_add(DECODER_HEADROOM),
    );
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > max_pixels {
        return None;
    }
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(o) = orientation {
        image.apply_orientation(o);
    }
    Some(Decoded { image, format })
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

/// Decodes (see [`decode`]) and renders the thumbnail, the preview and the mini preview. PNG
/// sources give PNG derivatives, the others JPEG (PNG when a side is too long for JPEG).
pub fn process(data: &[u8], max_pixels: u64) -> Option<Processed> {
    let Decoded { image: img, format } = decode(data, max_pixels)?;
    let png = format == ImageFormat::Png || img.width().max(img.height()) > JPEG_MAX_SIDE;
    let thumbnail = match thumbnail_size(img.width(), img.height()) {
        Some((w, h)) => encode(&img.resize_exact(w, h, FilterType::Triangle), png)?,
        None => encode(&img, png)?,
    };
    let preview = match preview_size(img.width(), img.height()) {
        Some((w, h)) => encode(&img.resize_exact(w, h, FilterType::Triangle), png)?,
        None => encode(&img, png)?,
    };
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

/// The thumbnail's size: scaled down to fit the box along the tighter side; `None` (kept as it
/// is) when the image is already smaller than the box on a side.
fn thumbnail_size(w: u32, h: u32) -> Option<(u32, u32)> {
    if w < THUMB_W || h < THUMB_H {
        return None;
    }
    let ratio = f64::from(THUMB_H) / f64::from(THUMB_W);
    if f64::from(h) / f64::from(w) < ratio {
        Some((scaled(w, THUMB_H, h), THUMB_H))
    } else {
        Some((THUMB_W, scaled(h, THUMB_W, w)))
    }
}

/// The preview's size: at most 1920 wide; `None` when the image is narrow enough already.
fn preview_size(w: u32, h: u32) -> Option<(u32, u32)> {
    (w > PREVIEW_W).then(|| (PREVIEW_W, scaled(h, PREVIEW_W, w)))
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
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        match img {
            DynamicImage::ImageRgb8(rgb) => rgb.write_with_encoder(enc).ok()?,
            other => other.to_rgb8().write_with_encoder(enc).ok()?,
        }
    }
    Some(out.into_inner())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([200, 10, 10])));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn thumbnails_fit_the_box_and_keep_the_format() {
        let p = process(&png(800, 400), 100_000_000).expect("decodes");
        assert_eq!((p.width, p.height), (800, 400));
        assert!(p.png);
        assert_eq!(dimensions(&p.thumbnail), Some((200, 100)));
        assert_eq!(dimensions(&p.preview), Some((800, 400)));
        let mini = p.mini_preview.expect("mini preview");
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
