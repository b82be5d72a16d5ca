//! A drawn canvas as the bytes of a PNG file: tiny-skia's encoding (its encoder, its
//! settings: the same bytes), without its copy of the canvas where none is needed, and its
//! image data compressed on all cores ([`crate::png_deflate`], the same stream).

use tiny_skia::Pixmap;

/// `pm` as PNG, as tiny-skia's `encode_png` writes it — without its copy of the canvas to
/// undo the premultiplied alpha when every pixel is opaque, as a map's canvas (an opaque
/// background, everything drawn over it) is: there the premultiplied colours are the
/// colours. The copy of a 1920 × 1080 canvas cost ≈ 3 ms of a 10 000-district export's 0.16 s.
pub fn encode(pm: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    if !opaque(pm.data()) {
        return pm.encode_png();
    }
    let row_len = pm.width() as usize * 4;
    // The `png` crate writes its zlib stream as one IDAT chunk below 2 GiB, and stored
    // (uncompressed) blocks where compressing would make it larger: that case is left to it.
    let stored =
        fdeflate::StoredOnlyCompressor::<()>::compressed_size((row_len + 1) * pm.height() as usize);
    let zlib = crate::png_deflate::image_data(pm.data(), row_len)
        .filter(|z| z.len() <= stored && z.len() <= i32::MAX as usize);
    // Room for the chunks around the stream (else the file's bytes are copied as they grow).
    let mut data = Vec::with_capacity(zlib.as_ref().map_or(0, Vec::len) + 1024);
    let mut encoder = png::Encoder::new(&mut data, pm.width(), pm.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    match zlib {
        Some(zlib) => writer.write_chunk(png::chunk::IDAT, &zlib)?,
        None => writer.write_image_data(pm.data())?,
    }
    writer.finish()?;
    Ok(data)
}

/// Every pixel's alpha is 255: the AND of all eight-byte words (two pixels each, vectorised;
/// a pixel at a time took ≈ 1.3 ms of a 1920 × 1080 canvas) has every alpha byte set.
fn opaque(data: &[u8]) -> bool {
    const ALPHAS: u64 = 0xff00_0000_ff00_0000;
    let words = data.chunks_exact(8);
    let rest = words.remainder().chunks_exact(4).all(|p| p[3] == 255);
    let all = words.fold(ALPHAS, |all, w| {
        all & w.try_into().map_or(0, u64::from_le_bytes)
    });
    rest && all & ALPHAS == ALPHAS
}

#[cfg(test)]
mod tests {
    // Test code, compiled only for `cargo test`: a failed unwrap is a failed test.
    #![allow(clippy::unwrap_used)]
    use super::{encode, opaque};
    use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

    fn paint(r: u8, g: u8, b: u8, a: u8) -> Paint<'static> {
        let mut p = Paint::default();
        p.set_color_rgba8(r, g, b, a);
        p.anti_alias = true;
        p
    }

    #[test]
    fn a_canvas_is_encoded_as_tiny_skia_encodes_it() {
        // An opaque canvas with anti-aliased, half-transparent shapes over it (this function's
        // own path), and a canvas with transparent pixels (tiny-skia's path, which undoes the
        // premultiplied alpha): the same bytes as `encode_png` either way.
        let mut opaque = Pixmap::new(333, 217).unwrap();
        opaque.fill(Color::from_rgba8(250, 250, 250, 255));
        let circle = PathBuilder::from_circle(120.3, 90.7, 70.2).unwrap();
        let ink = paint(30, 120, 200, 170);
        opaque.fill_path(
            &circle,
            &ink,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        let ours = encode(&opaque).unwrap();
        assert!(ours == opaque.encode_png().unwrap());
        let mut clear = Pixmap::new(40, 30).unwrap();
        let rect = Rect::from_xywh(5.0, 5.0, 20.0, 10.0).unwrap();
        clear.fill_rect(rect, &paint(200, 40, 10, 128), Transform::identity(), None);
        assert!(encode(&clear).unwrap() == clear.encode_png().unwrap());
        // What was compared is a PNG of the canvas (not, say, two empty results).
        assert_eq!(&ours[1..4], b"PNG");
        assert!(ours.len() > 1000);
    }

    #[test]
    fn a_large_canvas_compressed_on_all_cores_is_encoded_as_tiny_skia_encodes_it() {
        // 1920 × 1080 (the size maps are exported at, its rows compressed in shares): the
        // bytes of tiny-skia's `encode_png`, which compresses on one core; and other sizes
        // over the threshold, rows of odd widths.
        for (w, h) in [(1920, 1080), (1001, 333), (517, 1200)] {
            let mut pm = Pixmap::new(w, h).unwrap();
            pm.fill(Color::from_rgba8(250, 250, 250, 255));
            for k in 0..40 {
                let (x, y) = ((k * 97 % w) as f32, (k * 61 % h) as f32);
                let circle = PathBuilder::from_circle(x, y, 20.0 + k as f32 * 3.3).unwrap();
                let ink = paint((k * 40) as u8, 120, (255 - k * 5) as u8, 90 + k as u8 * 4);
                pm.fill_path(
                    &circle,
                    &ink,
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
            }
            assert!(pm.data().len() >= 1 << 20);
            // On more than one core, the shares' stream is what was written (not the fallback).
            if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
                assert!(crate::png_deflate::image_data(pm.data(), w as usize * 4).is_some());
            }
            let ours = encode(&pm).unwrap();
            assert!(ours == pm.encode_png().unwrap(), "{w}×{h}");
            assert!(ours.len() > 10_000);
        }
    }

    #[test]
    fn opaque_means_every_alpha_is_255() {
        // 1 to 9 pixels (whole words and a pixel left over): opaque until any one pixel's
        // alpha is 254 or 0, wherever it is; colour bytes of 0 never count.
        for n in 1..10 {
            let mut data: Vec<u8> = (0..n).flat_map(|i| [0, i as u8, 255, 255]).collect();
            assert!(opaque(&data), "{n} pixels");
            for at in 0..n {
                for a in [0, 254] {
                    data[4 * at + 3] = a;
                    assert!(!opaque(&data), "{n} pixels, alpha {a} at {at}");
                }
                data[4 * at + 3] = 255;
            }
        }
        assert!(opaque(&[]));
    }
}
