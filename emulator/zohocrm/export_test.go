package zohocrm

// CachedPages is how many rendered pages the service holds.
func (s *Service) CachedPages() int {
	s.pages.mu.Lock()
	defer s.pages.mu.Unlock()
	return len(s.pages.pages)
}
