in vec4 v_color;
uniform int u_mode;
uniform vec4 u_solid;
out vec4 out_color;
void main() {
    if (u_mode == 1) {
        out_color = u_solid;
        return;
    }
    vec4 c = v_color;
    if (c.a < 0.5) {
        // No data: the no-data grey with diagonal hatching.
        float s = mod(gl_FragCoord.x + gl_FragCoord.y, 7.0);
        c = vec4(s < 1.6 ? vec3(0.47, 0.49, 0.53) : c.rgb, 1.0);
    }
    out_color = vec4(c.rgb, 1.0);
}
