//! The shim (benches/peers/shim.c): prepared peer operators, released on drop.

use super::*;

#[repr(C)]
pub struct PeerOp {
    pub _opaque: [u8; 0],
}

extern "C" {
    pub fn peer_init() -> c_int;
    pub fn peer_info() -> *const c_char;
    pub fn peer_op_info(op: *const PeerOp) -> *const c_char;
    pub fn peer_prepare(peer: c_int, name: *const c_char, n: usize, cols: usize) -> *mut PeerOp;
    pub fn peer_run(op: *mut PeerOp, x: *const f32, y: *mut f32) -> c_int;
    pub fn peer_release(op: *mut PeerOp);
}

/// The shim's peer numbers and names.
pub const PEERS: &[(c_int, &str)] = &[(0, "xnnpack"), (1, "onednn"), (2, "sleef")];

/// A prepared peer operator, released on drop.
pub struct Peer(*mut PeerOp);

impl Peer {
    pub fn prepare(peer: c_int, name: &str, n: usize, cols: usize) -> Option<Peer> {
        let c = CString::new(name).expect("a function name");
        // SAFETY: c is a valid C string; the shim returns NULL or an op it owns.
        let p = unsafe { peer_prepare(peer, c.as_ptr(), n, cols) };
        (!p.is_null()).then_some(Peer(p))
    }
    pub fn run(&mut self, x: &[f32], y: &mut [f32]) -> i32 {
        // SAFETY: the op was prepared for exactly x.len() == y.len() floats.
        unsafe { peer_run(self.0, x.as_ptr(), y.as_mut_ptr()) }
    }
    pub fn info(&self) -> String {
        // SAFETY: the op is live; the shim returns a NUL-terminated string in it.
        unsafe { CStr::from_ptr(peer_op_info(self.0)) }
            .to_string_lossy()
            .into_owned()
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        // SAFETY: prepared by peer_prepare, released once.
        unsafe { peer_release(self.0) }
    }
}
