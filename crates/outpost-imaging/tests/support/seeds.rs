//! Small valid images of every format the pipeline reads, and the format-aware mutations that
//! rewrite their declared dimensions. Shared by the mutation test and the fuzz crate's seed
//! writer (`fuzz/src/bin/write_seeds.rs`), so both start from the same inputs.

use std::io::Cursor;

use image::codecs::gif::GifEncoder;
use image::{DynamicImage, Frame, ImageFormat, Rgba, RgbaImage};

/// The image formats of the seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
    Gif,
    WebP,
}

/// A named seed image.
pub struct Seed {
    pub name: &'static str,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

fn gradient(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        Rgba([
            (x * 255 / w.max(1)) as u8,
            (y * 255 / h.max(1)) as u8,
            ((x ^ y) & 0xff) as u8,
            if (x + y) % 7 == 0 { 128 } else { 255 },
        ])
    })
}

fn encoded(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format)
        .unwrap_or_else(|e| panic!("encoding a seed: {e}"));
    out.into_inner()
}

/// A TIFF block holding only an EXIF orientation tag.
fn exif_orientation(value: u8) -> Vec<u8> {
    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    t.extend_from_slice(&[0, 1]); // one entry
    t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]); // Orientation, SHORT
    t.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    t
}

/// The CRC-32 (IEEE) PNG chunks carry.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    c.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    c
}

/// A PNG with an `eXIf` chunk (inserted after `IHDR`, which is 8 + 25 bytes in).
fn png_with_exif(png: &[u8], orientation: u8) -> Vec<u8> {
    let mut out = png[..33].to_vec();
    out.extend(png_chunk(b"eXIf", &exif_orientation(orientation)));
    out.extend_from_slice(&png[33..]);
    out
}

/// A JPEG with an `APP1` EXIF segment right after `SOI`.
fn jpeg_with_exif(jpeg: &[u8], orientation: u8) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(exif_orientation(orientation));
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut out);
        let frames = [
            gradient(40, 30),
            RgbaImage::from_pixel(40, 30, Rgba([9, 200, 9, 255])),
        ]
        .into_iter()
        .map(Frame::new);
        enc.encode_frames(frames)
            .unwrap_or_else(|e| panic!("encoding a seed: {e}"));
    }
    out
}

/// The seeds: each format, with and without alpha, 16-bit PNG, EXIF-rotated PNG and JPEG, an
/// animated GIF.
pub fn seeds() -> Vec<Seed> {
    let rgb = DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(gradient(150, 110)).to_rgb8());
    let png = encoded(rgb.clone(), ImageFormat::Png);
    let jpeg = encoded(rgb.clone(), ImageFormat::Jpeg);
    let wide = DynamicImage::ImageRgba8(gradient(300, 20));
    let deep = DynamicImage::ImageRgba16(DynamicImage::ImageRgba8(gradient(24, 18)).to_rgba16());
    vec![
        Seed {
            name: "rgb.png",
            kind: Kind::Png,
            bytes: png.clone(),
        },
        Seed {
            name: "rgba-wide.png",
            kind: Kind::Png,
            bytes: encoded(wide.clone(), ImageFormat::Png),
        },
        Seed {
            name: "rgba16.png",
            kind: Kind::Png,
            bytes: encoded(deep, ImageFormat::Png),
        },
        Seed {
            name: "exif6.png",
            kind: Kind::Png,
            bytes: png_with_exif(&png, 6),
        },
        Seed {
            name: "rgb.jpg",
            kind: Kind::Jpeg,
            bytes: jpeg.clone(),
        },
        Seed {
            name: "exif8.jpg",
            kind: Kind::Jpeg,
            bytes: jpeg_with_exif(&jpeg, 8),
        },
        Seed {
            name: "anim.gif",
            kind: Kind::Gif,
            bytes: animated_gif(),
        },
        Seed {
            name: "rgba.webp",
            kind: Kind::WebP,
            bytes: encoded(wide, ImageFormat::WebP),
        },
        Seed {
            name: "rgb.webp",
            kind: Kind::WebP,
            bytes: encoded(rgb, ImageFormat::WebP),
        },
    ]
}

/// Rewrites the dimensions the header declares to `w`×`h` (as far as the format's fields hold
/// them), keeping the rest of the file — what a decompression bomb looks like.
pub fn declare_dimensions(kind: Kind, bytes: &mut [u8], w: u32, h: u32) {
    match kind {
        Kind::Png if bytes.len() >= 33 => {
            bytes[16..20].copy_from_slice(&w.to_be_bytes());
            bytes[20..24].copy_from_slice(&h.to_be_bytes());
            let crc = crc32(&bytes[12..29]);
            bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        }
        Kind::Jpeg => {
            // The first start-of-frame marker (baseline or progressive).
            if let Some(i) = bytes
                .windows(2)
                .position(|m| m[0] == 0xff && (m[1] == 0xc0 || m[1] == 0xc2))
                && bytes.len() >= i + 9
            {
                bytes[i + 5..i + 7].copy_from_slice(&(h.min(0xffff) as u16).to_be_bytes());
                bytes[i + 7..i + 9].copy_from_slice(&(w.min(0xffff) as u16).to_be_bytes());
            }
        }
        Kind::Gif if bytes.len() >= 10 => {
            // The logical screen, then every image descriptor found after it.
            bytes[6..8].copy_from_slice(&(w.min(0xffff) as u16).to_le_bytes());
            bytes[8..10].copy_from_slice(&(h.min(0xffff) as u16).to_le_bytes());
            let mut i = 10;
            while let Some(off) = bytes[i..].iter().position(|&b| b == 0x2c) {
                let at = i + off;
                if bytes.len() < at + 9 {
                    break;
                }
                bytes[at + 5..at + 7].copy_from_slice(&(w.min(0xffff) as u16).to_le_bytes());
                bytes[at + 7..at + 9].copy_from_slice(&(h.min(0xffff) as u16).to_le_bytes());
                i = at + 9;
            }
        }
        Kind::WebP if bytes.len() >= 30 => match &bytes[12..16] {
            b"VP8L" => {
                let (w1, h1) = (w.clamp(1, 1 << 14) - 1, h.clamp(1, 1 << 14) - 1);
                let bits = u32::from_le_bytes([bytes[21], bytes[22], bytes[23], bytes[24]]);
                let bits = (bits & 0xf000_0000) | w1 | (h1 << 14);
                bytes[21..25].copy_from_slice(&bits.to_le_bytes());
            }
            b"VP8X" => {
                let (w1, h1) = (w.clamp(1, 1 << 24) - 1, h.clamp(1, 1 << 24) - 1);
                bytes[24..27].copy_from_slice(&w1.to_le_bytes()[..3]);
                bytes[27..30].copy_from_slice(&h1.to_le_bytes()[..3]);
            }
            _ => {}
        },
        _ => {}
    }
}
