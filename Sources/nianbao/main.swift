import NianbaoKit

Nianbao.main()
