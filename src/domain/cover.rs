//! Book covers and readers' pictures: an upload checked and re-encoded as JPEG, and where each size is served.
//!
//! Uploads are hostile until proven otherwise. The format is sniffed from the bytes (never the
//! file name or content type), the dimensions are read from the header and checked before any
//! pixel is decoded, and the decoder runs under `image::Limits`, so a small file that claims to
//! be enormous (a decompression bomb) is refused before it can allocate. Every size served is a
//! fresh encoding of the decoded pixels: no byte of the upload, and none of its metadata (EXIF
//! with its GPS position, comments, colour profiles), reaches a reader.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

use super::Invalid;

/// A cover's address: it names the cover's digest, so it can be cached for ever.
pub fn cover_url(book_id: i64, digest: Option<&str>, size: &str) -> String {
    match digest {
        Some(d) => format!("/covers/{book_id}/{size}-{d}.jpg"),
        None => format!("/covers/{book_id}/placeholder.svg"),
    }
}

/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The widest or tallest image accepted, in pixels.
pub const MAX_SIDE: u32 = 6000;
/// The most pixels accepted in all: 6000 × 4000, a large phone photo.
pub const MAX_PIXELS: u64 = 24_000_000;
/// The narrowest or shortest image accepted: below this there is no cover to see.
pub const MIN_SIDE: u32 = 16;

/// The most an upload may decode to, read from its header before any pixel:
/// 24 megapixels of 8-bit RGBA (96 MB). A 16-bit image of that size (192 MB,
/// from a 186 KB file) is refused: covers and pictures need no 16 bits.
pub const MAX_DECODED_BYTES: u64 = 100 * 1024 * 1024;

// The largest 8-bit image accepted fits the budget.
const _: () = assert!(MAX_PIXELS * 4 <= MAX_DECODED_BYTES);

/// The decoder's allocation budget: the decoded image and the decoders'
/// working buffers.
const MAX_DECODE_ALLOC: u64 = MAX_DECODED_BYTES + 28 * 1024 * 1024;

/// Boxes (width, height) for each size we serve. The thumbnails use a book's 2:3 proportion.
const FULL_BOX: (u32, u32) = (1200, 1200);
const MEDIUM_BOX: (u32, u32) = (300, 450);
const SMALL_BOX: (u32, u32) = (100, 150);
const JPEG_QUALITY: u8 = 85;

/// Why an upload cannot be a cover. The messages are shown to the reader as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoverError {
    #[error("The file is empty; choose an image of the book's cover.")]
    Empty,
    #[error(
        "The file is {:.1} MB; a cover can be at most {} MB.",
        megabytes(*bytes),
        MAX_UPLOAD_BYTES / (1024 * 1024)
    )]
    TooLarge { bytes: usize },
    #[error("This file is not a JPEG, PNG or WebP image.")]
    NotAnImage,
    #[error("{0} images can't be used as covers; please upload a JPEG, PNG or WebP.")]
    Unsupported(&'static str),
    #[error(
        "The image is {width}×{height} pixels; a cover can be at most {} pixels on a side \
         and {} megapixels in all.",
        MAX_SIDE,
        MAX_PIXELS / 1_000_000
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error(
        "The image is only {width}×{height} pixels; a cover needs at least {} pixels on each side.",
        MIN_SIDE
    )]
    TooSmall { width: u32, height: u32 },
    #[error(
        "The image is {width}×{height} pixels with 16 bits a colour, more than a cover needs; \
         save it with 8 bits a colour (as JPEG, say) and upload it again."
    )]
    TooDeep { width: u32, height: u32 },
    #[error("The image is damaged or cut short and can't be read; try saving it again.")]
    Broken,
}

fn megabytes(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

impl From<CoverError> for Invalid {
    fn from(err: CoverError) -> Self {
        Invalid::new("cover", err.to_string())
    }
}

/// A cover ready to store: three JPEGs, and the size of the largest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// At most 1200 px on either side.
    pub full: Vec<u8>,
    /// At most 300 × 450.
    pub medium: Vec<u8>,
    /// At most 100 × 150.
    pub small: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// An upload checked (size, type, dimensions) and decoded, transparency on white.
fn load(bytes: &[u8]) -> Result<DynamicImage, CoverError> {
    if bytes.is_empty() {
        return Err(CoverError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(CoverError::TooLarge { bytes: bytes.len() });
    }
    let format = sniff(bytes)?;
    let decoded = decode(bytes, format)?;
    // Flatten before resizing: resampling straight alpha would bleed the colour of
    // invisible pixels into the edges.
    Ok(DynamicImage::ImageRgb8(on_white(decoded)))
}

/// The side of a reader's picture, in pixels.
pub const AVATAR_SIDE: u32 = 256;

/// A reader's picture: the upload checked as a cover is, cut to its central
/// square and re-encoded as a JPEG of at most `AVATAR_SIDE` pixels a side.
pub fn avatar(bytes: &[u8]) -> Result<Vec<u8>, CoverError> {
    let flat = load(bytes)?;
    let side = flat.width().min(flat.height());
    let square = flat.crop_imm(
        (flat.width() - side) / 2,
        (flat.height() - side) / 2,
        side,
        side,
    );
    jpeg(&shrink_to_fit(&square, (AVATAR_SIDE, AVATAR_SIDE)))
}

/// Checks an upload and re-encodes it as the three sizes of a cover.
pub fn process(bytes: &[u8]) -> Result<Cover, CoverError> {
    let flat = load(bytes)?;
    let full = shrink_to_fit(&flat, FULL_BOX);
    let medium = shrink_to_fit(&full, MEDIUM_BOX);
    let small = shrink_to_fit(&medium, SMALL_BOX);
    Ok(Cover {
        full: jpeg(&full)?,
        medium: jpeg(&medium)?,
        small: jpeg(&small)?,
        width: full.width(),
        height: full.height(),
    })
}

/// The format, from the magic numbers at the start of the bytes. Formats we refuse are named
/// so the reader knows what to convert; anything else is not an image to us.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, CoverError> {
    let at = |range: std::ops::Range<usize>| bytes.get(range).unwrap_or_default();
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ImageFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(ImageFormat::Png);
    }
    if at(0..4) == b"RIFF" && at(8..12) == b"WEBP" {
        return Ok(ImageFormat::WebP);
    }
    let refused = if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "GIF"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF"
    } else if at(0..2) == b"BM" && matches!(at(14..15), [12 | 40 | 52 | 56 | 64 | 108 | 124]) {
        // "BM" alone is too weak (a text file may start with it): also check the
        // size of the header that follows, which has only a few valid values.
        "BMP"
    } else if at(4..8) == b"ftyp" {
        // ISO media files: phones save HEIC, and AVIF is on the rise.
        match at(8..12) {
            b"avif" | b"avis" => "AVIF",
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" => "HEIC",
            b"mif1" | b"msf1" => "HEIF",
            _ => return Err(CoverError::NotAnImage),
        }
    } else if is_svg(bytes) {
        "SVG"
    } else {
        return Err(CoverError::NotAnImage);
    };
    Err(CoverError::Unsupported(refused))
}

/// SVG is refused by name because it can carry scripts, so people should hear why.
fn is_svg(bytes: &[u8]) -> bool {
    let start = &bytes[..bytes.len().min(1024)];
    start.trim_ascii_start().starts_with(b"<") && start.windows(4).any(|w| w == b"<svg")
}

/// Decodes under limits, after checking the dimensions the header claims.
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, CoverError> {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // No width or height limit yet: reading the header allocates no pixels, and this
    // way a refusal can say how big the image claimed to be.
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder().map_err(|_| CoverError::Broken)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(CoverError::TooDeep { width, height });
    }

    // Checked above already; the decoder enforces them too, so the budget does not rest on
    // the header alone.
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    let refused = |err: ImageError| match err {
        ImageError::Limits(_) => CoverError::TooManyPixels { width, height },
        _ => CoverError::Broken,
    };
    limits.reserve(decoder.total_bytes()).map_err(refused)?;
    decoder.set_limits(limits).map_err(refused)?;

    // Phones store photos sideways with an EXIF note to turn them; we drop the EXIF, so
    // apply the turn to the pixels. A damaged note is no reason to refuse the cover.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn check_dimensions(width: u32, height: u32) -> Result<(), CoverError> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(CoverError::TooManyPixels { width, height });
    }
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(CoverError::TooSmall { width, height });
    }
    Ok(())
}

/// Composites any transparency onto white, the page colour covers sit on; JPEG has no alpha.
fn on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let a = u16::from(a);
        // At most (255·255 + 127) / 255 = 255, so the narrowing cannot truncate.
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

/// Scales down to fit the box, keeping the aspect ratio; never scales up.
fn shrink_to_fit(image: &DynamicImage, (max_width, max_height): (u32, u32)) -> DynamicImage {
    if image.width() <= max_width && image.height() <= max_height {
        return image.clone();
    }
    // Catmull-Rom: nearly Lanczos's sharpness at two thirds of its cost.
    image.resize(max_width, max_height, FilterType::CatmullRom)
}

fn jpeg(image: &DynamicImage) -> Result<Vec<u8>, CoverError> {
    let mut out = Vec::new();
    // Encoding 8-bit RGB no larger than 1200 px into memory cannot fail in practice; should
    // it, the cover is unusable all the same.
    image
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        .map_err(|_| CoverError::Broken)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb, Rgba, RgbaImage};

    fn sample(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }))
    }

    fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn dimensions(jpeg: &[u8]) -> (u32, u32) {
        assert!(jpeg.starts_with(&[0xFF, 0xD8, 0xFF]), "not a JPEG");
        let image = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).unwrap();
        (image.width(), image.height())
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A valid small PNG whose IHDR has been rewritten (CRC and all) to claim another size.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        png_claiming_depth(width, height, 8, 2)
    }

    /// The same, claiming a bit depth and colour type too (16 and 6: 16-bit RGBA).
    fn png_claiming_depth(width: u32, height: u32, depth: u8, colour: u8) -> Vec<u8> {
        let mut png = encode(&sample(20, 20), ImageFormat::Png);
        assert_eq!(&png[12..16], b"IHDR");
        png[16..20].copy_from_slice(&width.to_be_bytes());
        png[20..24].copy_from_slice(&height.to_be_bytes());
        png[24] = depth;
        png[25] = colour;
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    #[test]
    fn refuses_sixteen_bit_giants_from_the_header_alone() {
        // 6000 × 4000 at 16-bit RGBA would decode to 192 MB: refused before a pixel is read.
        assert_eq!(
            process(&png_claiming_depth(6000, 4000, 16, 6)),
            Err(CoverError::TooDeep {
                width: 6000,
                height: 4000
            })
        );
        assert_eq!(
            avatar(&png_claiming_depth(6000, 4000, 16, 6)),
            Err(CoverError::TooDeep {
                width: 6000,
                height: 4000
            })
        );
    }

    #[test]
    fn crc32_matches_the_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn accepts_jpeg_png_and_webp_and_serves_three_jpegs() {
        for format in [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP] {
            let upload = encode(&sample(400, 600), format);
            let cover = process(&upload).unwrap_or_else(|e| panic!("{format:?}: {e}"));
            // Small enough already: kept at its size, not scaled up.
            assert_eq!((cover.width, cover.height), (400, 600), "{format:?}");
            assert_eq!(dimensions(&cover.full), (400, 600));
            assert_eq!(dimensions(&cover.medium), (300, 450));
            assert_eq!(dimensions(&cover.small), (100, 150));
        }
    }

    #[test]
    fn scales_large_images_down_keeping_the_aspect_ratio() {
        let upload = encode(&sample(1500, 900), ImageFormat::Png);
        let cover = process(&upload).unwrap();
        assert_eq!((cover.width, cover.height), (1200, 720));
        assert_eq!(dimensions(&cover.full), (1200, 720));
        // Wide images are bound by the box's width.
        assert_eq!(dimensions(&cover.medium), (300, 180));
        assert_eq!(dimensions(&cover.small), (100, 60));
    }

    #[test]
    fn flattens_transparency_onto_white() {
        // Left half: invisible red. Right half: solid blue.
        let image = RgbaImage::from_fn(64, 64, |x, _| {
            if x < 32 {
                Rgba([255, 0, 0, 0])
            } else {
                Rgba([0, 0, 255, 255])
            }
        });
        let upload = encode(&DynamicImage::ImageRgba8(image), ImageFormat::Png);
        let cover = process(&upload).unwrap();
        let full = image::load_from_memory(&cover.full).unwrap().into_rgb8();
        let Rgb([r, g, b]) = *full.get_pixel(8, 32);
        assert!(
            r > 240 && g > 240 && b > 240,
            "transparent became {r},{g},{b}"
        );
        let Rgb([r, g, b]) = *full.get_pixel(56, 32);
        assert!(r < 30 && g < 30 && b > 220, "blue became {r},{g},{b}");
    }

    #[test]
    fn drops_exif_after_applying_its_orientation() {
        // A big-endian TIFF header, one IFD entry (orientation 6: turn 90° clockwise), then
        // something private a phone might have written.
        let mut exif =
            b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0".to_vec();
        exif.extend_from_slice(b"GPS 51.5007N 0.1246W");
        let mut upload = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut upload, 90);
        encoder.set_exif_metadata(exif).unwrap();
        let pixels = sample(400, 600).into_rgb8();
        encoder
            .write_image(pixels.as_raw(), 400, 600, image::ExtendedColorType::Rgb8)
            .unwrap();
        let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        assert!(
            contains(&upload, b"GPS 51.5007N"),
            "the test input has no EXIF"
        );

        let cover = process(&upload).unwrap();
        assert_eq!(
            (cover.width, cover.height),
            (600, 400),
            "orientation not applied"
        );
        assert_eq!(dimensions(&cover.medium), (300, 200));
        for jpeg in [&cover.full, &cover.medium, &cover.small] {
            assert_ne!(jpeg.as_slice(), upload.as_slice());
            assert!(!contains(jpeg, b"Exif"));
            assert!(!contains(jpeg, b"GPS 51.5007N"));
        }
    }

    #[test]
    fn refuses_empty_and_oversized_uploads() {
        assert_eq!(process(b""), Err(CoverError::Empty));
        let huge = vec![0u8; MAX_UPLOAD_BYTES + 1];
        assert_eq!(
            process(&huge),
            Err(CoverError::TooLarge {
                bytes: MAX_UPLOAD_BYTES + 1
            })
        );
    }

    #[test]
    fn refuses_what_is_not_an_image() {
        let mut state = 0x2545_f491_u32;
        let garbage: Vec<u8> = (0..4096)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect();
        assert_eq!(process(&garbage), Err(CoverError::NotAnImage));
        let text = b"BMW owners' manual: chapter one, in which nothing happens.";
        assert_eq!(process(text), Err(CoverError::NotAnImage));
        let video = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2mp41";
        assert_eq!(process(video), Err(CoverError::NotAnImage));
    }

    #[test]
    fn names_image_formats_it_does_not_take() {
        let gif = b"GIF89a\x10\0\x10\0\x80\0\0\xff\xff\xff\0\0\0!\xf9\x04\0\0\0\0\0,";
        assert_eq!(process(gif), Err(CoverError::Unsupported("GIF")));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(process(heic), Err(CoverError::Unsupported("HEIC")));
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(process(svg), Err(CoverError::Unsupported("SVG")));
        let mut bmp = b"BM\0\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0".to_vec();
        bmp.resize(64, 0);
        assert_eq!(process(&bmp), Err(CoverError::Unsupported("BMP")));
    }

    #[test]
    fn refuses_truncated_images() {
        let png = encode(&sample(400, 600), ImageFormat::Png);
        assert_eq!(process(&png[..png.len() / 2]), Err(CoverError::Broken));
        // Cut inside the header itself.
        assert_eq!(process(&png[..20]), Err(CoverError::Broken));
    }

    #[test]
    fn refuses_huge_dimensions_from_the_header_alone() {
        // Tiny files, enormous claims: refused without decoding (a 10^10-pixel buffer
        // would abort the test run if it were allocated).
        assert_eq!(
            process(&png_claiming(100_000, 100_000)),
            Err(CoverError::TooManyPixels {
                width: 100_000,
                height: 100_000
            })
        );
        assert_eq!(
            process(&png_claiming(MAX_SIDE + 1, 20)),
            Err(CoverError::TooManyPixels {
                width: MAX_SIDE + 1,
                height: 20
            })
        );
        assert_eq!(
            process(&png_claiming(5000, 5000)),
            Err(CoverError::TooManyPixels {
                width: 5000,
                height: 5000
            })
        );
    }

    #[test]
    fn refuses_tiny_images() {
        let upload = encode(&sample(4, 4), ImageFormat::Png);
        assert_eq!(
            process(&upload),
            Err(CoverError::TooSmall {
                width: 4,
                height: 4
            })
        );
    }

    #[test]
    fn messages_are_sentences() {
        let errors = [
            CoverError::Empty,
            CoverError::TooLarge {
                bytes: 7 * 1024 * 1024,
            },
            CoverError::NotAnImage,
            CoverError::Unsupported("GIF"),
            CoverError::TooManyPixels {
                width: 9000,
                height: 9000,
            },
            CoverError::TooSmall {
                width: 4,
                height: 4,
            },
            CoverError::Broken,
        ];
        for err in errors {
            let message = err.to_string();
            assert!(message.starts_with(char::is_uppercase), "{message}");
            assert!(message.ends_with('.'), "{message}");
        }
        assert_eq!(
            CoverError::TooLarge {
                bytes: 7 * 1024 * 1024
            }
            .to_string(),
            "The file is 7.0 MB; a cover can be at most 5 MB."
        );
        let invalid = Invalid::from(CoverError::Unsupported("GIF"));
        assert_eq!(invalid.field, "cover");
    }

    #[test]
    fn an_avatar_is_the_central_square_and_hostile_files_are_refused_as_for_covers() {
        let wide = encode(
            &DynamicImage::ImageRgb8(RgbImage::from_pixel(800, 400, image::Rgb([10, 20, 30]))),
            ImageFormat::Png,
        );
        let out = avatar(&wide).unwrap();
        let decoded = image::load_from_memory(&out).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (AVATAR_SIDE, AVATAR_SIDE)
        );
        assert_eq!(&out[..3], &[0xFF, 0xD8, 0xFF]);
        assert_eq!(avatar(b""), Err(CoverError::Empty));
        assert_eq!(
            avatar(b"GIF89a\x01\x00"),
            Err(CoverError::Unsupported("GIF"))
        );
    }
}
