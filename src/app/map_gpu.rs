//! The map on the GPU (glow backend): district triangles and outlines are uploaded once per
//! load and level of detail (a level when a frame first needs it: the first map at 100 000
//! districts uploads only the overview), in tiles (`map_tiles`) so that a frame draws only
//! those near the view; fill colours as a per-district colour texture once per recolour, and
//! pan/zoom is a uniform — so a frame costs a few GL calls whatever the number of districts.
//! No-data districts (alpha 0 in the colour table) are hatched in the fragment shader.
//!
//! Used when the GL context supports GLSL 1.40 / ES 3.00 (`texelFetch`); otherwise, and in
//! headless tests, the map view draws the same geometry as an egui mesh.

use super::map_tiles::{Tiles, tiled};
use atlas_scene::{MapGeometry, MeshLevel};
use eframe::egui_glow;
use eframe::glow::{self, HasContext};
use std::sync::{Arc, Mutex};

/// Width of the colour texture: district d sits at (d % W, d / W).
const TEX_WIDTH: usize = 1024;

/// What one frame asks the GPU to draw.
#[derive(Clone)]
pub struct GpuFrame {
    pub geometry: Arc<MapGeometry>,
    pub geometry_id: u64,
    /// RGBA per district (alpha 0 marks no data); `colors_id` changes with the content.
    pub colors: Arc<Vec<u8>>,
    pub colors_id: u64,
    /// `clip = world * xy + zw`.
    pub transform: [f32; 4],
    /// Use the overview level (simplified) rather than full detail.
    pub overview: bool,
    /// The world rectangle in view (min x, min y, max x, max y): tiles outside are not drawn.
    pub view: [f32; 4],
    pub outline: [f32; 4],
}

/// GL objects for one level of detail.
struct LevelBuffers {
    vao: glow::VertexArray,
    vbo: glow::Buffer,
    ebo: glow::Buffer,
    line_vao: glow::VertexArray,
    line_vbo: glow::Buffer,
    line_ebo: glow::Buffer,
    /// Where each tile's triangles and segments are in the index buffers.
    tiles: Tiles,
}

/// The GL program and buffers; lives for the app's life behind a mutex shared with callbacks.
pub struct GpuMap {
    program: glow::Program,
    texture: glow::Texture,
    /// Full detail and overview, each uploaded when a frame first draws it.
    levels: [Option<LevelBuffers>; 2],
    geometry_id: Option<u64>,
    colors_id: Option<u64>,
    /// Whether [`GpuMap::warm`] has drawn.
    warmed: bool,
}

/// Whether this GL context can run the map shaders.
pub fn supported(gl: &glow::Context) -> bool {
    egui_glow::ShaderVersion::get(gl).is_new_shader_interface()
}

impl GpuMap {
    pub fn new(gl: &glow::Context) -> Result<GpuMap, String> {
        let version = egui_glow::ShaderVersion::get(gl);
        if !version.is_new_shader_interface() {
            return Err("GLSL 1.40 / ES 3.00 needed".into());
        }
        let header = version.version_declaration();
        let vs = format!(
            "{header}precision highp float;\nprecision highp int;\n{}",
            include_str!("map.vert")
        );
        let fs = format!(
            "{header}precision highp float;\n{}",
            include_str!("map.frag")
        );
        // SAFETY: glow's calls are unsafe because they call into the GL driver; the context is the
        // current one egui_glow hands to the paint callback, and every object created here is
        // owned by this renderer and deleted in `destroy`.
        unsafe {
            let program = gl.create_program()?;
            let mut shaders = Vec::new();
            for (kind, src) in [(glow::VERTEX_SHADER, vs), (glow::FRAGMENT_SHADER, fs)] {
                let s = gl.create_shader(kind)?;
                gl.shader_source(s, &src);
                gl.compile_shader(s);
                if !gl.get_shader_compile_status(s) {
                    return Err(gl.get_shader_info_log(s));
                }
                gl.attach_shader(program, s);
                shaders.push(s);
            }
            gl.bind_attrib_location(program, 0, "a_pos");
            gl.bind_attrib_location(program, 1, "a_district");
            gl.link_program(program);
            if !gl.get_program_link_status(program) {
                return Err(gl.get_program_info_log(program));
            }
            for s in shaders {
                gl.detach_shader(program, s);
                gl.delete_shader(s);
            }
            let texture = gl.create_texture()?;
            gl.bind_texture(glow::TEXTURE_2D, Some(texture));
            for (p, v) in [
                (glow::TEXTURE_MIN_FILTER, glow::NEAREST),
                (glow::TEXTURE_MAG_FILTER, glow::NEAREST),
                (glow::TEXTURE_WRAP_S, glow::CLAMP_TO_EDGE),
                (glow::TEXTURE_WRAP_T, glow::CLAMP_TO_EDGE),
            ] {
                gl.tex_parameter_i32(glow::TEXTURE_2D, p, v as i32);
            }
            Ok(GpuMap {
                program,
                texture,
                levels: [None, None],
                geometry_id: None,
                colors_id: None,
                warmed: false,
            })
        }
    }

    /// Draws a frame inside the current GL viewport (egui sets it to the callback's rect).
    pub fn paint(&mut self, gl: &glow::Context, f: &GpuFrame) {
        // SAFETY: called from egui_glow's paint callback with its current context; the buffers and
        // textures used were created by this renderer on that context and are alive.
        unsafe {
            if self.geometry_id != Some(f.geometry_id) {
                self.free_levels(gl);
                self.geometry_id = Some(f.geometry_id);
                self.colors_id = None;
            }
            let which = usize::from(f.overview);
            if self.levels[which].is_none() {
                let level = if f.overview {
                    f.geometry.overview()
                } else {
                    f.geometry.full()
                };
                match upload_level(gl, level) {
                    Ok(l) => self.levels[which] = Some(l),
                    Err(_) => return,
                }
            }
            if self.colors_id != Some(f.colors_id) {
                gl.bind_texture(glow::TEXTURE_2D, Some(self.texture));
                let n = f.colors.len() / 4;
                let h = n.div_ceil(TEX_WIDTH).max(1);
                let mut data = f.colors.as_ref().clone();
                data.resize(TEX_WIDTH * h * 4, 0);
                gl.pixel_store_i32(glow::UNPACK_ALIGNMENT, 1);
                gl.tex_image_2d(
                    glow::TEXTURE_2D,
                    0,
                    glow::RGBA8 as i32,
                    TEX_WIDTH as i32,
                    h as i32,
                    0,
                    glow::RGBA,
                    glow::UNSIGNED_BYTE,
                    glow::PixelUnpackData::Slice(Some(&data)),
                );
                self.colors_id = Some(f.colors_id);
            }
            let Some(level) = &self.levels[which] else {
                return;
            };
            self.bind(gl, f.transform);
            let loc = |n: &str| gl.get_uniform_location(self.program, n);
            // Fills.
            gl.uniform_1_i32(loc("u_mode").as_ref(), 0);
            gl.bind_vertex_array(Some(level.vao));
            for r in level.tiles.visible(&level.tiles.fills, f.view) {
                draw_range(gl, glow::TRIANGLES, r);
            }
            // Outlines (premultiplied colour).
            let o = f.outline;
            gl.uniform_1_i32(loc("u_mode").as_ref(), 1);
            gl.uniform_4_f32(
                loc("u_solid").as_ref(),
                o[0] * o[3],
                o[1] * o[3],
                o[2] * o[3],
                o[3],
            );
            // Faded out (districts under 4 px): nothing to draw — at 100 000 districts the
            // invisible lines were a third of a frame on software GL.
            if o[3] > 0.0 {
                gl.bind_vertex_array(Some(level.line_vao));
                for r in level.tiles.visible(&level.tiles.lines, f.view) {
                    draw_range(gl, glow::LINES, r);
                }
            }
            gl.bind_vertex_array(None);
            super::startup_clock::map_painted(|| gl.finish());
        }
    }

    /// The program, its uniforms (but the mode) and the colour texture bound, blending set.
    unsafe fn bind(&self, gl: &glow::Context, transform: [f32; 4]) {
        // SAFETY: the caller passes the current context; program and texture are this
        // renderer's and alive.
        unsafe {
            gl.use_program(Some(self.program));
            let loc = |n: &str| gl.get_uniform_location(self.program, n);
            let t = transform;
            gl.uniform_4_f32(loc("u_transform").as_ref(), t[0], t[1], t[2], t[3]);
            gl.uniform_1_i32(loc("u_width").as_ref(), TEX_WIDTH as i32);
            gl.uniform_1_i32(loc("u_colors").as_ref(), 0);
            gl.active_texture(glow::TEXTURE0);
            gl.bind_texture(glow::TEXTURE_2D, Some(self.texture));
            gl.disable(glow::CULL_FACE);
            gl.disable(glow::DEPTH_TEST);
            gl.enable(glow::BLEND);
            gl.blend_func(glow::ONE, glow::ONE_MINUS_SRC_ALPHA);
        }
    }

    /// Draws a fill and an outline that cover no pixel (all their points at one place) with
    /// the map's program and state, once: a software GL (llvmpipe, on machines without a
    /// graphics driver) compiles the shaders' code for that state at its first draw — here,
    /// while the data loads, rather than in the frame of the first map.
    pub fn warm(&mut self, gl: &glow::Context) {
        if self.warmed {
            return;
        }
        self.warmed = true;
        // SAFETY: called from egui_glow's paint callback with its current context; the objects
        // created here are deleted before returning.
        unsafe {
            let Ok((vao, vbo, ebo)) = upload_mesh(gl, &[0.0; 9], &[0, 1, 2]) else {
                return;
            };
            gl.bind_texture(glow::TEXTURE_2D, Some(self.texture));
            gl.pixel_store_i32(glow::UNPACK_ALIGNMENT, 1);
            let row = vec![0u8; TEX_WIDTH * 4];
            gl.tex_image_2d(
                glow::TEXTURE_2D,
                0,
                glow::RGBA8 as i32,
                TEX_WIDTH as i32,
                1,
                0,
                glow::RGBA,
                glow::UNSIGNED_BYTE,
                glow::PixelUnpackData::Slice(Some(&row)),
            );
            self.colors_id = None;
            self.bind(gl, [1.0, 1.0, 0.0, 0.0]);
            let mode = gl.get_uniform_location(self.program, "u_mode");
            gl.bind_vertex_array(Some(vao));
            gl.uniform_1_i32(mode.as_ref(), 0);
            draw_range(gl, glow::TRIANGLES, 0..3);
            gl.uniform_1_i32(mode.as_ref(), 1);
            draw_range(gl, glow::LINES, 0..2);
            gl.bind_vertex_array(None);
            gl.delete_vertex_array(vao);
            gl.delete_buffer(vbo);
            gl.delete_buffer(ebo);
        }
    }

    unsafe fn free_levels(&mut self, gl: &glow::Context) {
        for l in self.levels.iter_mut().filter_map(Option::take) {
            // SAFETY: the names were created by `upload_level` on this context and are deleted
            // once (each level was taken).
            unsafe {
                gl.delete_vertex_array(l.vao);
                gl.delete_buffer(l.vbo);
                gl.delete_buffer(l.ebo);
                gl.delete_vertex_array(l.line_vao);
                gl.delete_buffer(l.line_vbo);
                gl.delete_buffer(l.line_ebo);
            }
        }
    }

    pub fn destroy(&mut self, gl: &glow::Context) {
        // SAFETY: the program, texture and levels were created on this context by this renderer and
        // are deleted once, when egui_glow destroys the callback resources.
        unsafe {
            self.free_levels(gl);
            gl.delete_program(self.program);
            gl.delete_texture(self.texture);
        }
    }
}

/// Draws the elements `r` of the bound vertex array's index buffer.
unsafe fn draw_range(gl: &glow::Context, mode: u32, r: std::ops::Range<u32>) {
    // SAFETY: the caller has bound a vertex array whose element buffer holds `r` (a range
    // from its own tiles).
    unsafe { gl.draw_elements(mode, r.len() as i32, glow::UNSIGNED_INT, r.start as i32 * 4) };
}

/// Interleaved `[x, y, district]` vertices of a level, and its outline points.
pub fn level_arrays(level: &MeshLevel) -> (Vec<f32>, Vec<f32>) {
    let mut verts = Vec::with_capacity(level.vertices.len() * 3);
    for (d, r) in level.district_vertices.iter().enumerate() {
        for v in &level.vertices[r.start as usize..r.end as usize] {
            verts.extend_from_slice(&[v[0], v[1], d as f32]);
        }
    }
    let mut line_verts = Vec::with_capacity(level.outline_points.len() * 3);
    for p in &level.outline_points {
        line_verts.extend_from_slice(&[p[0], p[1], 0.0]);
    }
    (verts, line_verts)
}

unsafe fn upload_level(gl: &glow::Context, level: &MeshLevel) -> Result<LevelBuffers, String> {
    let (verts, line_verts) = level_arrays(level);
    let t = tiled(level);
    // SAFETY: the caller passes the current context; the arrays outlive the upload calls.
    unsafe {
        let (vao, vbo, ebo) = upload_mesh(gl, &verts, &t.fill_indices)?;
        let (line_vao, line_vbo, line_ebo) = upload_mesh(gl, &line_verts, &t.line_indices)?;
        Ok(LevelBuffers {
            vao,
            vbo,
            ebo,
            line_vao,
            line_vbo,
            line_ebo,
            tiles: t.tiles,
        })
    }
}

unsafe fn upload_mesh(
    gl: &glow::Context,
    verts: &[f32],
    indices: &[u32],
) -> Result<(glow::VertexArray, glow::Buffer, glow::Buffer), String> {
    // SAFETY: the caller passes the current context; `verts` and `indices` are plain numbers and
    // outlive the buffer uploads, which copy them.
    unsafe {
        let vao = gl.create_vertex_array()?;
        gl.bind_vertex_array(Some(vao));
        let vbo = gl.create_buffer()?;
        gl.bind_buffer(glow::ARRAY_BUFFER, Some(vbo));
        gl.buffer_data_u8_slice(glow::ARRAY_BUFFER, as_bytes(verts), glow::STATIC_DRAW);
        let ebo = gl.create_buffer()?;
        gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, Some(ebo));
        gl.buffer_data_u8_slice(
            glow::ELEMENT_ARRAY_BUFFER,
            as_bytes(indices),
            glow::STATIC_DRAW,
        );
        gl.enable_vertex_attrib_array(0);
        gl.vertex_attrib_pointer_f32(0, 2, glow::FLOAT, false, 12, 0);
        gl.enable_vertex_attrib_array(1);
        gl.vertex_attrib_pointer_f32(1, 1, glow::FLOAT, false, 12, 8);
        gl.bind_vertex_array(None);
        gl.bind_buffer(glow::ARRAY_BUFFER, None);
        Ok((vao, vbo, ebo))
    }
}

/// Raw bytes of a slice of plain numbers (f32 or u32), for GL uploads.
fn as_bytes<T: Copy>(v: &[T]) -> &[u8] {
    // SAFETY: f32 and u32 have no padding and any byte pattern is a valid u8.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

/// A paint callback that warms the shared renderer ([`GpuMap::warm`]) and draws nothing.
pub fn warm_callback(rect: egui::Rect, gpu: Arc<Mutex<GpuMap>>) -> egui::PaintCallback {
    egui::PaintCallback {
        rect,
        callback: Arc::new(egui_glow::CallbackFn::new(move |_info, painter| {
            if let Ok(mut g) = gpu.lock() {
                g.warm(painter.gl());
            }
        })),
    }
}

/// A paint callback drawing `frame` with the shared renderer.
pub fn callback(rect: egui::Rect, gpu: Arc<Mutex<GpuMap>>, frame: GpuFrame) -> egui::PaintCallback {
    egui::PaintCallback {
        rect,
        callback: Arc::new(egui_glow::CallbackFn::new(move |_info, painter| {
            if let Ok(mut g) = gpu.lock() {
                g.paint(painter.gl(), &frame);
            }
        })),
    }
}
