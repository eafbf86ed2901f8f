// The diagram's plain colours: the material's colour times the vertex colour, nothing else.
//
// Bevy's `ColorMaterial` does the same sum, but with a texture fetch and the camera's colour
// grading on every pixel (identity for this app); on a software renderer those were most of a
// pixel's cost. The output is the same, to the bit.
#import bevy_sprite::mesh2d_vertex_output::VertexOutput

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> colour: vec4<f32>;

@fragment
fn fragment(mesh: VertexOutput) -> @location(0) vec4<f32> {
#ifdef VERTEX_COLORS
    return colour * mesh.color;
#else
    return colour;
#endif
}
