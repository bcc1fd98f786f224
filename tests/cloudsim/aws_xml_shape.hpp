// Element paths of an XML document ("/A/B/C"), for comparing an answer's
// shape with an official example in cloudsim's AWS tests.
#pragma once

#include <pugixml.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cloudsync::cloudsim::testing {

inline std::set<std::string> xml_paths(const std::string& xml) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(xml.c_str())) << xml;
    std::set<std::string> out;
    struct walker : pugi::xml_tree_walker {
        std::set<std::string>* out = nullptr;
        bool for_each(pugi::xml_node& node) override {
            if (node.type() != pugi::node_element)
                return true;
            std::string path;
            for (auto n = node; n && n.type() == pugi::node_element; n = n.parent())
                path = "/" + std::string(n.name()) + path;
            out->insert(path);
            return true;
        }
    } w;
    w.out = &out;
    doc.traverse(w);
    return out;
}

// The paths of `xml` that `reference` does not have.
inline std::set<std::string> xml_paths_beyond(const std::string& xml,
                                              const std::string& reference) {
    const auto ours = xml_paths(xml);
    const auto theirs = xml_paths(reference);
    std::set<std::string> extra;
    for (const auto& p : ours) {
        if (!theirs.contains(p))
            extra.insert(p);
    }
    return extra;
}

} // namespace cloudsync::cloudsim::testing
