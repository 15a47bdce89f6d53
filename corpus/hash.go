package corpus

// hash is 64-bit FNV-1a: fast, allocation-free and the same in every run.
type hash uint64

func newHash() hash { return 14695981039346656037 }

func (h hash) addByte(c byte) hash { return (h ^ hash(c)) * 1099511628211 }

func addText[T ~string | ~[]byte](h hash, s T) hash {
	for i := 0; i < len(s); i++ {
		h = (h ^ hash(s[i])) * 1099511628211
	}
	return h
}

// lineKey is the key of a line's folded words (or, with shape, of a line
// shape) on a page of site.
func lineKey[T ~string | ~[]byte](site string, text T, shape bool) uint64 {
	h := addText(newHash(), site).addByte(0)
	if shape {
		h = h.addByte(1)
	}
	return uint64(addText(h, text))
}
