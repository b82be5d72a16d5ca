in vec2 a_pos;
in float a_district;
uniform vec4 u_transform;
uniform sampler2D u_colors;
uniform int u_width;
out vec4 v_color;
void main() {
    int d = int(a_district + 0.5);
    v_color = texelFetch(u_colors, ivec2(d % u_width, d / u_width), 0);
    gl_Position = vec4(a_pos * u_transform.xy + u_transform.zw, 0.0, 1.0);
}
